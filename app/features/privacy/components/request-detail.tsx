import { Form, Link, useLocation, useRevalidator } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { Avatar } from '~/shared/components/avatar'
import { CheckboxField, ErrorSummary, FormAlert, RadioGroup, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { useFormFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate, formatDateTime } from '~/i18n'
import { RequestStateBadge, requesterAvatar, useRequesterName } from '~/features/privacy/components/requests'
import {
  CHANNEL_KEYS,
  KIND_KEYS,
  KIND_TITLE_KEYS,
  OUTCOME_MAX,
  REASON_MAX,
  type RequestChannel,
  type RequestKind,
  type RequestState,
} from '~/features/privacy/requests-schema'

type Dated = string | Date

export interface RequestDetailProps {
  id: number
  kind: RequestKind
  requesterName: string
  requesterEmail: string | null
  channel: RequestChannel
  details: string
  receivedAt: Dated
  dueAt: Dated
  extensionReason: string | null
  status: 'open' | 'done' | 'refused'
  outcome: string | null
  createdAt: Dated
  handledAt: Dated | null
  recordedBy: string | null
  handledBy: string | null
  state: RequestState
  daysLeft: number
  account: { id: string; firstName: string; lastName: string; email: string; status: 'active' | 'deactivated' | 'erased' } | null
  exports: { id: string; status: 'pending' | 'ready' | 'failed'; createdAt: Dated; readyAt: Dated | null; expiresAt: Dated; size: number | null }[]
  can: { export: boolean; erase: boolean; extend: boolean; close: boolean }
}

/** A request's page: its deadline, the one-click answer for its kind, closing and extending, then its facts. */
export function RequestDetail(props: RequestDetailProps) {
  const t = useT()
  const { locale } = useRootData()
  const named = useRequesterName()
  const day = (d: Dated) => formatDate(locale, new Date(d))
  const name = named(props.requesterName)
  const open = props.status === 'open'
  return (
    <article className="rgpd-detail" aria-labelledby="demande-titre">
      <p>
        <Link to="/admin/rgpd">← {t('privacy.requests.back')}</Link>
      </p>
      <header className="rgpd-detail__head">
        <h2 id="demande-titre">{t(KIND_TITLE_KEYS[props.kind], { name })}</h2>
        <RequestStateBadge state={props.state} daysLeft={props.daysLeft} />
      </header>
      {open ? (
        <p className={`rgpd-deadline rgpd-deadline--${props.state}`}>
          <strong>{t('privacy.requests.detail.due', { date: day(props.dueAt) })}</strong>{' '}
          {props.daysLeft < 0 ? t('privacy.requests.detail.late', { days: -props.daysLeft }) : t('privacy.requests.detail.daysLeft', { days: props.daysLeft })}
        </p>
      ) : (
        <div className={`alert ${props.status === 'done' ? 'alert--success' : 'alert--info'}`}>
          <p>
            {t(props.status === 'done' ? 'privacy.requests.detail.closed.done' : 'privacy.requests.detail.closed.refused', {
              date: day(props.handledAt ?? props.dueAt),
              name: props.handledBy ?? t('privacy.requests.someone'),
            })}
          </p>
          {props.outcome ? (
            <>
              <p className="rgpd-outcome__label">{t('privacy.requests.detail.outcome')}</p>
              <p className="rgpd-outcome">{props.outcome}</p>
            </>
          ) : null}
        </div>
      )}
      {props.extensionReason ? <p className="quote">{t('privacy.requests.detail.extended', { reason: props.extensionReason })}</p> : null}

      <div className={`rgpd-detail__layout${open ? '' : ' rgpd-detail__layout--closed'}`}>
        {open ? (
          <div className="rgpd-detail__main stack">
            <AnswerSection {...props} name={name} />
            {props.can.close ? <CloseSection /> : null}
            {props.can.extend ? <ExtendSection /> : null}
          </div>
        ) : null}
        <section className="card rgpd-detail__facts" aria-labelledby="faits-titre">
          <h3 id="faits-titre">{t('privacy.requests.detail.facts')}</h3>
          <dl className="fact-list">
            <Fact label={t('privacy.requests.fact.kind')}>{t(KIND_KEYS[props.kind])}</Fact>
            <Fact label={t('privacy.requests.fact.requester')}>{name}</Fact>
            <Fact label={t('privacy.requests.fact.email')}>
              {props.requesterEmail ? <a href={`mailto:${props.requesterEmail}`}>{props.requesterEmail}</a> : t('privacy.requests.fact.noEmail')}
            </Fact>
            <Fact label={t('privacy.requests.fact.channel')}>{t(CHANNEL_KEYS[props.channel])}</Fact>
            <Fact label={t('privacy.requests.fact.received')}>{day(props.receivedAt)}</Fact>
            <Fact label={t('privacy.requests.fact.due')}>{day(props.dueAt)}</Fact>
            <Fact label={t('privacy.requests.fact.account')}>
              {props.account ? (
                <span className="person-cell">
                  <Avatar person={requesterAvatar(props.id, name, props.account)} size="small" />
                  <span>
                    {props.account.status === 'deactivated'
                      ? t('privacy.requests.fact.deactivated', { name: `${props.account.firstName} ${props.account.lastName}` })
                      : `${props.account.firstName} ${props.account.lastName}`}
                    <br />
                    <span className="muted">{props.account.email}</span>
                  </span>
                </span>
              ) : (
                t('privacy.requests.row.noAccount')
              )}
            </Fact>
            <Fact label={t('privacy.requests.fact.recorded')}>
              {t('privacy.requests.fact.recordedBy', { date: day(props.createdAt), name: props.recordedBy ?? t('privacy.requests.someone') })}
            </Fact>
          </dl>
          <h4>{t('privacy.requests.fact.details')}</h4>
          {props.details ? <p className="quote">{props.details}</p> : <p className="muted">{t('privacy.requests.fact.noDetails')}</p>}
        </section>
      </div>
    </article>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact-list__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** The answer the kind calls for: the export (access), the erasure (erasure), or what to do by hand. */
function AnswerSection(props: RequestDetailProps & { name: string }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="repondre-titre">
      <h3 id="repondre-titre">{t('privacy.requests.action.title')}</h3>
      {props.account ? <p className="alert alert--info">{t('privacy.requests.identity')}</p> : null}
      {props.kind === 'access' && props.account ? <ExportPart exports={props.exports} canExport={props.can.export} /> : null}
      {props.kind === 'erasure' && props.account ? (
        <ErasePart name={`${props.account.firstName} ${props.account.lastName}`} canErase={props.can.erase} />
      ) : null}
      {!props.account ? <p>{t('privacy.requests.guide.noAccount')}</p> : null}
      {props.account && props.kind === 'rectification' ? <p>{t('privacy.requests.guide.rectification')}</p> : null}
      {props.account && props.kind === 'objection' ? <p>{t('privacy.requests.guide.objection')}</p> : null}
    </section>
  )
}

function ExportPart({ exports, canExport }: { exports: RequestDetailProps['exports']; canExport: boolean }) {
  const t = useT()
  const { locale } = useRootData()
  const location = useLocation()
  const failure = useFormFailure('export')
  const when = (d: Dated) => formatDateTime(locale, new Date(d))
  const pending = exports.some((e) => e.status === 'pending')
  const revalidator = useRevalidator()
  // While an archive is being built, the page looks again every few seconds (without JavaScript: « Actualiser »).
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [pending, revalidator])
  return (
    <div className="rgpd-action">
      <h4>{t('privacy.requests.export.title')}</h4>
      <p>{t('privacy.requests.export.lead')}</p>
      {exports.length > 0 ? (
        <ul className="list-plain" aria-live="polite">
          {exports.map((e) => (
            <li key={e.id} className="rgpd-export">
              {e.status === 'ready' ? (
                <>
                  <span>{t('privacy.requests.export.ready', { date: when(e.readyAt ?? e.createdAt), until: when(e.expiresAt) })}</span>
                  <a className="button button--primary" href={`/mon-compte/donnees/export/${e.id}`} download>
                    {t('privacy.requests.export.download', { size: Math.max(1, Math.round((e.size ?? 0) / 1024)) })}
                  </a>
                </>
              ) : e.status === 'pending' ? (
                <>
                  <span>
                    <span className="spinner rgpd-export__spinner" aria-hidden="true" /> {t('privacy.requests.export.pending', { date: when(e.createdAt) })}
                  </span>
                  <Link to={location.pathname}>{t('privacy.requests.export.refresh')}</Link>
                </>
              ) : (
                <span>{t('privacy.requests.export.failed', { date: when(e.createdAt) })}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <FormAlert messages={failure.errors.form} />
      {canExport ? (
        <Form method="post">
          <SubmitButton intent="export">{t('privacy.requests.export.submit')}</SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}

function ErasePart({ name, canErase }: { name: string; canErase: boolean }) {
  const t = useT()
  const failure = useFormFailure('erase')
  if (!canErase) return null
  return (
    <div className="rgpd-action">
      <h4>{t('privacy.requests.erase.title')}</h4>
      <p>{t('privacy.requests.erase.lead', { name })}</p>
      <details className="confirm" open={failure.failed || undefined}>
        <summary className="button button--danger">{t('privacy.requests.erase.open')}</summary>
        <Form method="post" className="confirm__panel form rgpd-erase" noValidate>
          <ErrorSummary errors={failure.errors} />
          <CheckboxField label={t('privacy.requests.erase.confirm')} name="confirm" errors={failure.errors.confirm} />
          <SubmitButton intent="erase" className="button button--danger">
            {t('privacy.requests.erase.submit')}
          </SubmitButton>
        </Form>
      </details>
    </div>
  )
}

function CloseSection() {
  const t = useT()
  const failure = useFormFailure('close')
  return (
    <section className="card" aria-labelledby="cloturer-titre" id="cloturer">
      <h3 id="cloturer-titre">{t('privacy.requests.close.title')}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary errors={failure.errors} />
        <RadioGroup
          legend={t('privacy.requests.close.status')}
          name="status"
          value={failure.values.status}
          options={[
            { value: 'done', label: t('privacy.requests.close.done') },
            { value: 'refused', label: t('privacy.requests.close.refused') },
          ]}
          errors={failure.errors.status}
        />
        <TextAreaField
          label={t('privacy.requests.close.outcome')}
          hint={t('privacy.requests.close.outcomeHint')}
          name="outcome"
          rows={4}
          maxLength={OUTCOME_MAX}
          defaultValue={failure.values.outcome}
          errors={failure.errors.outcome}
        />
        <SubmitButton intent="close" className="button button--secondary">
          {t('privacy.requests.close.submit')}
        </SubmitButton>
      </Form>
    </section>
  )
}

function ExtendSection() {
  const t = useT()
  const failure = useFormFailure('extend')
  return (
    <section className="card" aria-labelledby="prolonger-titre" id="prolonger">
      <h3 id="prolonger-titre">{t('privacy.requests.extend.title')}</h3>
      <p className="muted">{t('privacy.requests.extend.lead')}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary errors={failure.errors} />
        <TextAreaField
          label={t('privacy.requests.extend.reason')}
          name="reason"
          rows={3}
          required
          maxLength={REASON_MAX}
          defaultValue={failure.values.reason}
          errors={failure.errors.reason}
        />
        <SubmitButton intent="extend" className="button button--ghost">
          {t('privacy.requests.extend.submit')}
        </SubmitButton>
      </Form>
    </section>
  )
}
