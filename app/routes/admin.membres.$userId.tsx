import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { formatDate, formatMoney, isMessageKey, translator, type Locale, type MessageKey, type Translate } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { correctIdentity, accountName, memberFile, type MemberFile } from '~/features/admin/member-file.server'
import dashboardCss from '~/features/admin/components/dashboard.css'
import { duesState, identityForm, type IdentityField } from '~/features/admin/schema'
import { diplomaLabel, promotionRange } from '~/features/directory/schema'
import { accountDecisionAction } from '~/features/moderation/account-decision-action.server'
import { targetPath } from '~/features/moderation/schema'
import { AccountDecisionForm } from '~/features/moderation/components/decision-account-form'
import { Avatar } from '~/shared/components/avatar'
import { ErrorSummary, Field, SelectField } from '~/shared/components/forms'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('admin.member.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardCss }]

/** The school's diplomas, plus the member's own when a roster import brought another (kept when other fields are saved). */
function diplomaChoices(list: readonly string[], current: string | null) {
  return current && !list.includes(current) ? [...list, current] : [...list]
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const file = memberFile(context.app, params.userId ?? '', viewer)
  invariantResponse(file, 'Not found', { status: 404 })
  return {
    file,
    self: file.person.id === viewer.id,
    diplomas: diplomaChoices(context.app.config.DIPLOMAS, file.person.diploma),
    promotions: promotionRange(context.app.now()),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const userId = params.userId ?? ''
  const here = `/admin/membres/${encodeURIComponent(userId)}`
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const account = accountName(context.app, userId)
  invariantResponse(account, 'Not found', { status: 404 })
  const name = `${account.firstName} ${account.lastName}`

  if (intent === 'identity') {
    const current = memberFile(context.app, userId, viewer)!.person
    const promotions = promotionRange(context.app.now())
    const values = formObject(formData)
    const withRange: Translate = (key, p) => t(key, key === 'admin.member.error.promotion' ? promotions : p)
    const parsed = parseForm(identityForm(diplomaChoices(context.app.config.DIPLOMAS, current.diploma), promotions), formData, withRange)
    if (!parsed.success) return formError(parsed.errors, values, { extra: { intent } })
    const result = correctIdentity(context.app, { actorId: viewer.id, userId, values: parsed.data })
    if (!result.ok) {
      invariantResponse(result.error !== 'notFound', 'Not found', { status: 404 })
      const message = result.error === 'emailTaken' ? 'admin.member.error.emailTaken' : 'admin.member.error.ownEmail'
      return formError({ email: [t(message)] }, values, { status: 409, extra: { intent } })
    }
    if (result.changed.length === 0) return redirectWithToast(context, here, { type: 'info', key: 'admin.member.unchanged' })
    return redirectWithToast(context, here, {
      type: 'success',
      key: 'admin.member.saved',
      params: { count: result.changed.length, name: `${parsed.data.firstName} ${parsed.data.lastName}` },
    })
  }

  // « Désactiver » and « Réactiver », as on /admin/comptes: a decision with its statement of reasons.
  invariantResponse(intent === 'deactivate' || intent === 'reactivate', 'Invalid form')
  return accountDecisionAction(request, context, formData, { viewer, userId, intent, name, back: here })
}

const day = (locale: Locale, d: Date) => formatDate(locale, new Date(d), { dateStyle: 'medium', timeZone: 'Europe/Paris' })
const moment = (locale: Locale, d: Date) => formatDate(locale, new Date(d), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' })

export default function MemberPage() {
  const t = useT()
  const { locale } = useRootData()
  const { file, self } = useLoaderData<typeof loader>()
  const { person, roster } = file
  const dues = duesState(person)
  return (
    <section>
      <p>
        <Link to="/admin/membres">← {t('admin.member.back')}</Link>
      </p>
      <div className="member-head">
        <Avatar person={person} size="medium" />
        <div>
          <h2>{`${person.lastName.toLocaleUpperCase('fr-FR')} ${person.firstName}`}</h2>
          <p className="muted">{person.email}</p>
          <p>
            <span className={`badge ${dues === 'active' ? 'badge--success' : ''}`}>{t(`admin.membersList.dues.${dues}`)}</span>{' '}
            <span className={`badge ${person.status === 'active' ? 'badge--success' : 'badge--danger'}`}>
              {t(person.status === 'deactivated' ? 'admin.membersList.status.deactivated' : 'admin.membersList.status.active')}
            </span>{' '}
            {person.role === 'webmaster' ? <span className="badge">{t('admin.membersList.role.webmaster')}</span> : null}
          </p>
        </div>
      </div>
      <div className="dashboard dashboard--two">
        <IdentityCard />
        <section className="card" aria-labelledby="member-account">
          <h3 id="member-account">{t('admin.member.account')}</h3>
          <ul className="member-facts" role="list">
            <li>{t('admin.member.created', { date: day(locale, person.createdAt) })}</li>
            <li>
              {person.membershipStatus === 'active' && person.kind && person.activatedAt
                ? t('admin.member.membership', { kind: person.kind, date: day(locale, person.activatedAt) })
                : person.membershipStatus === 'suspended'
                  ? t('admin.member.membershipSuspended')
                  : t('admin.member.noMembership')}
            </li>
            <li>{roster ? t('admin.member.roster', { promotion: roster.promotion }) : t('admin.member.noRoster')}</li>
            {person.membershipStatus === 'active' && person.status === 'active' ? (
              <li>
                <Link to={`/membres/${person.id}`}>{t('admin.member.publicProfile')}</Link>
              </li>
            ) : null}
          </ul>
          {self ? (
            <p className="muted">{t('admin.member.self')}</p>
          ) : person.status === 'active' ? (
            <AccountDecisionForm
              userId={person.id}
              intent="deactivate"
              redirectTo={`/admin/membres/${person.id}`}
              summary={t('admin.members.deactivate')}
              warning={t('admin.members.deactivateWarning')}
              confirm={t('admin.members.deactivateConfirm')}
            />
          ) : (
            <AccountDecisionForm
              userId={person.id}
              intent="reactivate"
              redirectTo={`/admin/membres/${person.id}`}
              summary={t('admin.members.reactivate')}
              warning={t('moderation.actionHint.reactivate')}
              confirm={t('admin.members.reactivate')}
            />
          )}
        </section>
      </div>
      <h3 className="visually-hidden">{t('admin.member.history')}</h3>
      <History file={file} />
    </section>
  )
}

function IdentityCard() {
  const t = useT()
  const { file, self, diplomas, promotions } = useLoaderData<typeof loader>()
  const { person } = file
  const form = useFormFailure('identity')
  const v = (name: string, current: string | number | null) => (form.failed ? (form.values[name] ?? '') : current === null ? '' : String(current))
  return (
    <section className="card" aria-labelledby="member-identity">
      <h3 id="member-identity">{t('admin.member.identity')}</h3>
      <p className="muted">{t('admin.member.identityLead')}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary errors={form.errors} />
        <input type="hidden" name="intent" value="identity" />
        <Field
          label={t('admin.member.field.lastName')}
          name="lastName"
          required
          maxLength={100}
          defaultValue={v('lastName', person.lastName)}
          errors={form.errors.lastName}
        />
        <Field
          label={t('admin.member.field.firstName')}
          name="firstName"
          required
          maxLength={100}
          defaultValue={v('firstName', person.firstName)}
          errors={form.errors.firstName}
        />
        <Field
          label={t('admin.member.field.birthName')}
          hint={t('admin.member.field.birthNameHint')}
          name="birthName"
          maxLength={100}
          defaultValue={v('birthName', person.birthName)}
          errors={form.errors.birthName}
        />
        <Field
          label={t('admin.member.field.email')}
          hint={t(self ? 'admin.member.field.emailOwnHint' : 'admin.member.field.emailHint')}
          name="email"
          type="email"
          required
          readOnly={self}
          maxLength={254}
          defaultValue={self ? person.email : v('email', person.email)}
          errors={form.errors.email}
        />
        <Field
          label={t('admin.member.field.promotion')}
          name="promotion"
          type="number"
          inputMode="numeric"
          min={promotions.min}
          max={promotions.max}
          defaultValue={v('promotion', person.promotion)}
          errors={form.errors.promotion}
        />
        <SelectField
          label={t('admin.member.field.diploma')}
          name="diploma"
          emptyOption={t('admin.member.field.noDiploma')}
          options={diplomas.map((d) => ({ value: d, label: diplomaLabel(t, d) }))}
          defaultValue={v('diploma', person.diploma)}
          errors={form.errors.diploma}
        />
        <button type="submit" className="button button--primary">
          {t('admin.member.save')}
        </button>
      </Form>
    </section>
  )
}

const FIELD_LABELS: Record<IdentityField, MessageKey> = {
  lastName: 'admin.member.field.lastName',
  firstName: 'admin.member.field.firstName',
  birthName: 'admin.member.field.birthName',
  email: 'admin.member.field.email',
  promotion: 'admin.member.field.promotion',
  diploma: 'admin.member.field.diploma',
}

function HistoryCard({ title, empty, children, count }: { title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section className="card">
      <h4>{title}</h4>
      {count === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="history-list" role="list">
          {children}
        </ul>
      )}
    </section>
  )
}

function History({ file }: { file: MemberFile }) {
  const t = useT()
  const { locale } = useRootData()
  const who = (first: string | null, last: string | null, fallback: MessageKey = 'admin.member.formerWebmaster') => (first ? `${first} ${last}` : t(fallback))
  const label = (key: string) => (isMessageKey(key) ? t(key) : key)
  return (
    <div className="dashboard dashboard--two member-history">
      <HistoryCard title={t('admin.member.payments')} empty={t('admin.member.paymentsEmpty')} count={file.payments.length}>
        {file.payments.map((p) => (
          <li key={p.id}>
            {t('admin.member.payment.line', {
              amount: formatMoney(locale, p.amountCents, p.currency),
              status: t(`admin.member.payment.${p.status}`),
              date: day(locale, p.paidAt ?? p.createdAt),
            })}
            {p.status === 'paid' ? (
              <>
                {' '}
                <a href={`/recus/${p.id}`}>{t('admin.member.receipt')}</a>
              </>
            ) : null}
          </li>
        ))}
      </HistoryCard>
      <HistoryCard title={t('admin.member.registrations')} empty={t('admin.member.registrationsEmpty')} count={file.registrations.length}>
        {file.registrations.map((r) => (
          <li key={r.id}>
            <Link to={`/evenements/${r.eventId}`}>{r.title}</Link>
            <br />
            <span className="muted">
              {t('admin.member.registration.line', { date: day(locale, r.startsAt), status: t(`events.status.${r.status}`), places: r.places })}
              {r.checkedInAt ? ` · ${t('admin.member.registration.present')}` : ''}
            </span>
          </li>
        ))}
      </HistoryCard>
      {(['reportsMade', 'reportsReceived'] as const).map((list) => (
        <HistoryCard key={list} title={t(`admin.member.${list}`)} empty={t(`admin.member.${list}Empty`)} count={file[list].length}>
          {file[list].map((r) => (
            <li key={r.id}>
              {t('admin.member.report.line', {
                kind: r.targetKind,
                reason: t(`moderation.reports.reason.${r.reason}`),
                date: day(locale, r.createdAt),
                status: r.status,
              })}{' '}
              <Link to={targetPath(r.targetKind, r.targetId)}>{t('admin.member.report.open')}</Link>
            </li>
          ))}
        </HistoryCard>
      ))}
      <HistoryCard title={t('admin.member.decisions')} empty={t('admin.member.decisionsEmpty')} count={file.decisions.length}>
        {file.decisions.map((d) => (
          <li key={d.id}>
            <Link to={targetPath(d.targetKind, d.targetId)}>
              {t('admin.member.decision.line', {
                action: t(`moderation.action.${d.action}`),
                date: day(locale, d.decidedAt),
                name: who(d.actorFirstName, d.actorLastName),
              })}
            </Link>
          </li>
        ))}
      </HistoryCard>
      <HistoryCard title={t('admin.member.audit')} empty={t('admin.member.auditEmpty')} count={file.audit.length}>
        {file.audit.map((a) => (
          <li key={a.id}>
            {t('admin.member.audit.line', {
              action: label(`audit.${a.action}`),
              date: moment(locale, a.createdAt),
              name: who(a.actorFirstName, a.actorLastName, 'admin.member.system'),
            })}
          </li>
        ))}
      </HistoryCard>
      <HistoryCard title={t('admin.member.changes')} empty={t('admin.member.changesEmpty')} count={file.changes.length}>
        {file.changes.map((c) => (
          <li key={c.id}>
            {t(c.before === null ? 'admin.member.change.set' : c.after === null ? 'admin.member.change.cleared' : 'admin.member.change.line', {
              field: c.field in FIELD_LABELS ? t(FIELD_LABELS[c.field as IdentityField]) : c.field,
              before: c.before ?? '',
              after: c.after ?? '',
              date: moment(locale, c.at),
              name: who(c.actorFirstName, c.actorLastName),
            })}
          </li>
        ))}
      </HistoryCard>
      <HistoryCard title={t('admin.member.logins')} empty={t('admin.member.loginsEmpty')} count={file.logins.length}>
        {file.logins.map((l) => (
          <li key={l.id}>
            {t('admin.member.login.line', { date: moment(locale, l.at), ip: l.ip ?? '—' })}
            {l.userAgent ? (
              <>
                <br />
                <span className="muted">{l.userAgent}</span>
              </>
            ) : null}
          </li>
        ))}
      </HistoryCard>
    </div>
  )
}
