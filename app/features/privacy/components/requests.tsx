import { Form, Link } from '@remix-run/react'
import { Avatar } from '~/shared/components/avatar'
import { ErrorSummary, Field, RadioGroup, SelectField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import type { FormResult } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate } from '~/i18n'
import {
  CHANNEL_KEYS,
  DETAILS_MAX,
  KIND_KEYS,
  KIND_TITLE_KEYS,
  NAME_MAX,
  REQUEST_CHANNELS,
  REQUEST_KINDS,
  type RequestChannel,
  type RequestKind,
  type RequestState,
} from '~/features/privacy/requests-schema'

type Dated = string | Date

/** What erasure leaves of a requester's name (the registry's anonymisation). */
const ERASED_NAME = '—'

export function useRequesterName() {
  const t = useT()
  return (name: string) => (name === ERASED_NAME ? t('privacy.requests.erasedRequester') : name)
}

/** The state as a word, never a colour alone: « En retard », « J-3 », « En cours », « Traitée », « Refusée ». */
export function RequestStateBadge({ state, daysLeft }: { state: RequestState; daysLeft: number }) {
  const t = useT()
  switch (state) {
    case 'overdue':
      return <span className="badge badge--danger">{t('privacy.requests.state.overdue')}</span>
    case 'dueSoon':
      return (
        <span className="badge badge--warning" title={t('privacy.requests.state.dueSoonLabel', { days: daysLeft })}>
          <span aria-hidden="true">{t('privacy.requests.state.dueSoon', { days: daysLeft })}</span>
          <span className="visually-hidden">{t('privacy.requests.state.dueSoonLabel', { days: daysLeft })}</span>
        </span>
      )
    case 'open':
      return <span className="badge badge--neutral">{t('privacy.requests.state.open')}</span>
    case 'done':
      return <span className="badge badge--success">{t('privacy.requests.state.done')}</span>
    case 'refused':
      return <span className="badge badge--neutral">{t('privacy.requests.state.refused')}</span>
  }
}

/** A face for the requester: the account's when one is linked, else initials from the name typed. */
export function requesterAvatar(requestId: number, name: string, account: { id: string; firstName: string; lastName: string } | null) {
  if (account) return account
  const [first = '', ...rest] = name.trim().split(/\s+/)
  return { id: `request-${requestId}`, firstName: first, lastName: rest.join(' ') }
}

export interface RequestListRow {
  id: number
  kind: RequestKind
  requesterName: string
  channel: RequestChannel
  receivedAt: Dated
  dueAt: Dated
  extended: boolean
  handledAt: Dated | null
  state: RequestState
  daysLeft: number
  account: { id: string; firstName: string; lastName: string } | null
}

export function RequestList({ rows, view }: { rows: RequestListRow[]; view: 'open' | 'closed' }) {
  const t = useT()
  const { locale } = useRootData()
  const named = useRequesterName()
  const day = (d: Dated) => formatDate(locale, new Date(d))
  if (rows.length === 0)
    return <p className="card state state--soft">{view === 'open' ? t('privacy.requests.empty.open') : t('privacy.requests.empty.closed')}</p>
  return (
    <ul className="rgpd-list" role="list">
      {rows.map((r) => {
        const name = named(r.requesterName)
        return (
          <li key={r.id} className={`card rgpd-item rgpd-item--${r.state}`}>
            <Avatar person={requesterAvatar(r.id, r.requesterName === ERASED_NAME ? '' : r.requesterName, r.account)} size="small" />
            <div className="rgpd-item__body">
              <h3 className="rgpd-item__title">
                <Link to={`/admin/rgpd/${r.id}`}>{t(KIND_TITLE_KEYS[r.kind], { name })}</Link>
              </h3>
              <p className="rgpd-item__meta muted">
                {t('privacy.requests.row.received', { date: day(r.receivedAt) })} · {t(CHANNEL_KEYS[r.channel])} ·{' '}
                {r.account ? `${r.account.firstName} ${r.account.lastName}` : t('privacy.requests.row.noAccount')}
              </p>
            </div>
            <div className="rgpd-item__due">
              <RequestStateBadge state={r.state} daysLeft={r.daysLeft} />
              <span className="rgpd-item__date">
                {r.handledAt ? t('privacy.requests.row.handled', { date: day(r.handledAt) }) : t('privacy.requests.row.due', { date: day(r.dueAt) })}
              </span>
              {r.extended && !r.handledAt ? <span className="muted rgpd-item__note">{t('privacy.requests.row.extended')}</span> : null}
            </div>
          </li>
        )
      })}
    </ul>
  )
}

export function RequestTabs({ view, counts }: { view: 'open' | 'closed'; counts: { open: number; closed: number } }) {
  const t = useT()
  return (
    <nav className="tabs" aria-label={t('privacy.requests.filter.label')}>
      <Link to="/admin/rgpd" className={`tabs__link${view === 'open' ? ' active' : ''}`} aria-current={view === 'open' ? 'page' : undefined}>
        {t('privacy.requests.filter.open', { count: counts.open })}
      </Link>
      <Link to="/admin/rgpd?vue=cloturees" className={`tabs__link${view === 'closed' ? ' active' : ''}`} aria-current={view === 'closed' ? 'page' : undefined}>
        {t('privacy.requests.filter.closed', { count: counts.closed })}
      </Link>
    </nav>
  )
}

export function RequestSummary({ counts }: { counts: { open: number; overdue: number; dueSoon: number } }) {
  const t = useT()
  return (
    <p className="rgpd-summary" aria-live="polite">
      {t('privacy.requests.summary.open', { count: counts.open })}
      {counts.overdue > 0 ? <strong className="rgpd-summary__late"> {t('privacy.requests.summary.overdue', { count: counts.overdue })}</strong> : null}
      {counts.dueSoon > 0 ? <span> {t('privacy.requests.summary.dueSoon', { count: counts.dueSoon })}</span> : null}
    </p>
  )
}

/** The form recording a request received outside the site (`intent=record`). */
export function RecordRequestForm({ form, today, earliest }: { form: FormResult; today: string; earliest: string }) {
  const t = useT()
  const v = form.values
  return (
    <section className="card rgpd-record" id="enregistrer" aria-labelledby="enregistrer-titre">
      <h3 id="enregistrer-titre">{t('privacy.requests.record.title')}</h3>
      <p className="muted">{t('privacy.requests.record.lead')}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary errors={form.errors} />
        <RadioGroup
          legend={t('privacy.requests.field.kind')}
          name="kind"
          value={v.kind}
          options={REQUEST_KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))}
          errors={form.errors.kind}
        />
        <Field
          label={t('privacy.requests.field.requesterName')}
          name="requesterName"
          required
          maxLength={NAME_MAX}
          autoComplete="off"
          defaultValue={v.requesterName}
          errors={form.errors.requesterName}
        />
        <Field
          label={t('privacy.requests.field.requesterEmail')}
          hint={t('privacy.requests.field.requesterEmailHint')}
          name="requesterEmail"
          type="email"
          autoComplete="off"
          defaultValue={v.requesterEmail}
          errors={form.errors.requesterEmail}
        />
        <Field
          label={t('privacy.requests.field.accountEmail')}
          hint={t('privacy.requests.field.accountEmailHint')}
          name="accountEmail"
          type="email"
          autoComplete="off"
          defaultValue={v.accountEmail}
          errors={form.errors.accountEmail}
        />
        <SelectField
          label={t('privacy.requests.field.channel')}
          name="channel"
          required
          options={REQUEST_CHANNELS.map((c) => ({ value: c, label: t(CHANNEL_KEYS[c]) }))}
          defaultValue={v.channel ?? 'mail'}
          errors={form.errors.channel}
        />
        <Field
          label={t('privacy.requests.field.receivedOn')}
          hint={t('privacy.requests.field.receivedOnHint')}
          name="receivedOn"
          type="date"
          required
          min={earliest}
          max={today}
          defaultValue={v.receivedOn ?? today}
          errors={form.errors.receivedOn}
        />
        <TextAreaField
          label={t('privacy.requests.field.details')}
          hint={t('privacy.requests.field.detailsHint')}
          name="details"
          rows={5}
          maxLength={DETAILS_MAX}
          defaultValue={v.details}
          errors={form.errors.details}
        />
        <SubmitButton intent="record">{t('privacy.requests.record.submit')}</SubmitButton>
      </Form>
    </section>
  )
}
