import { Form, Link } from '@remix-run/react'
import { CheckboxField, ErrorSummary, Field, FieldScope, FormAlert, SubmitButton } from '~/shared/components/forms'
import { useFormFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate, formatDateTime, type MessageKey } from '~/i18n'
import { CATEGORY_KEYS, LEGAL_BASIS_KEYS, RECIPIENT_KEYS, type LegalBasis, type PrivacyCategory, type Recipient } from '~/features/privacy/schema'

type Dated = string | Date
interface MyDataProps {
  held: {
    categories: {
      category: PrivacyCategory
      count: number
      items: { data: MessageKey; count: number }[]
      purposes: { purpose: MessageKey; basis: LegalBasis }[]
      recipients: Recipient[]
    }[]
    keptReasons: MessageKey[]
  }
  consents: { consent: string; label: MessageKey; granted: boolean; since: Dated | null }[]
  accesses: { actorName: string | null; document: 'proof' | 'cv' | 'receipt' | 'export'; at: Dated }[]
  logins: { at: Dated; ip: string | null; userAgent: string | null }[]
  exports: { id: string; status: 'pending' | 'ready' | 'failed'; createdAt: Dated; readyAt: Dated | null; expiresAt: Dated; size: number | null }[]
  nextExportAt: Dated | null
  isWebmaster: boolean
}

const DOCUMENT_KEYS = {
  proof: 'privacy.document.proof',
  cv: 'privacy.document.cv',
  receipt: 'privacy.document.receipt',
  export: 'privacy.document.export',
} as const

/** A browser in a few words (« Firefox, Linux »), from its user agent. */
function browserOf(userAgent: string | null): string {
  if (!userAgent) return '—'
  const name = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : userAgent.split(/[ /]/)[0]
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null
  return system ? `${name}, ${system}` : (name ?? '—')
}

/** « Mes données »: what is held, the consents, who opened my documents, my log-ins, the export and the erasure. */
export function MyData(props: MyDataProps) {
  const t = useT()
  const { locale } = useRootData()
  const day = (d: Dated) => formatDate(locale, new Date(d))
  const when = (d: Dated) => formatDateTime(locale, new Date(d))
  return (
    <div className="stack my-data">
      <section className="card" aria-labelledby="contenu-titre" id="contenu">
        <h2 id="contenu-titre">{t('privacy.mine.held.title')}</h2>
        <ul className="my-data__categories">
          {props.held.categories.map((c) => (
            <li key={c.category}>
              <details>
                <summary>
                  <span className="my-data__category">{t(CATEGORY_KEYS[c.category])}</span>{' '}
                  <span className="muted">{t('privacy.mine.held.count', { count: c.count })}</span>
                </summary>
                <ul className="my-data__items">
                  {c.items.map((i) => (
                    <li key={i.data}>
                      {t(i.data)} <span className="badge">{t('privacy.mine.held.count', { count: i.count })}</span>
                    </li>
                  ))}
                </ul>
                <p className="privacy__label">{t('privacy.mine.held.purpose')}</p>
                <ul className="my-data__purposes">
                  {c.purposes.map((p) => (
                    <li key={p.purpose + p.basis}>{t('privacy.purposeLine', { purpose: t(p.purpose), basis: t(LEGAL_BASIS_KEYS[p.basis]) })}</li>
                  ))}
                </ul>
                <p>
                  <span className="privacy__label">{t('privacy.mine.held.recipients')}</span> {c.recipients.map((r) => t(RECIPIENT_KEYS[r])).join(' ; ')}
                </p>
              </details>
            </li>
          ))}
        </ul>
        <p className="muted">
          <Link to={`/confidentialite`}>{t('privacy.mine.held.policy')}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="consentements-titre" id="consentements">
        <h2 id="consentements-titre">{t('privacy.mine.consents.title')}</h2>
        <dl className="fact-list">
          {props.consents.map((c) => (
            <div className="fact-list__row" key={c.consent}>
              <dt>{t(c.label)}</dt>
              <dd>
                {c.granted ? t('privacy.mine.consents.given') : t('privacy.mine.consents.notGiven')}
                {c.since ? <span className="muted"> {t('privacy.mine.consents.since', { date: day(c.since) })}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
        <p>
          <Link className="button button--secondary" to="/mon-compte/donnees/consentements">
            {t('privacy.mine.consents.manage')}
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="acces-titre" id="acces">
        <h2 id="acces-titre">{t('privacy.mine.accesses.title')}</h2>
        <p className="muted">{t('privacy.mine.accesses.lead')}</p>
        {props.accesses.length === 0 ? (
          <p>{t('privacy.mine.accesses.empty')}</p>
        ) : (
          <ul className="list-plain">
            {props.accesses.map((a, i) => (
              <li key={i}>
                {t('privacy.mine.accesses.line', { name: a.actorName ?? t('privacy.mine.accesses.someone'), document: t(DOCUMENT_KEYS[a.document]) })}{' '}
                <span className="muted">— {when(a.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="connexions-titre" id="connexions">
        <h2 id="connexions-titre">{t('privacy.mine.logins.title')}</h2>
        {props.logins.length === 0 ? (
          <p>{t('privacy.mine.logins.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('privacy.mine.logins.when')}</th>
                  <th scope="col">{t('privacy.mine.logins.ip')}</th>
                  <th scope="col">{t('privacy.mine.logins.browser')}</th>
                </tr>
              </thead>
              <tbody>
                {props.logins.map((l, i) => (
                  <tr key={i}>
                    <td>{when(l.at)}</td>
                    <td>{l.ip ?? '—'}</td>
                    <td>{browserOf(l.userAgent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted">{t('privacy.mine.logins.more')}</p>
      </section>

      <ExportSection exports={props.exports} nextExportAt={props.nextExportAt} />
      <EraseSection keptReasons={props.held.keptReasons} isWebmaster={props.isWebmaster} />
    </div>
  )
}

function ExportSection({ exports, nextExportAt }: Pick<MyDataProps, 'exports' | 'nextExportAt'>) {
  const t = useT()
  const { locale } = useRootData()
  const when = (d: Dated) => formatDateTime(locale, new Date(d))
  const failure = useFormFailure('export')
  return (
    <section className="card" aria-labelledby="exporter-titre" id="exporter">
      <h2 id="exporter-titre">{t('privacy.mine.export.title')}</h2>
      <p>{t('privacy.mine.export.lead')}</p>
      {exports.length > 0 ? (
        <ul className="list-plain my-data__exports" aria-live="polite">
          {exports.map((e) => (
            <li key={e.id}>
              {e.status === 'ready' ? (
                <>
                  {t('privacy.mine.export.ready', { date: when(e.readyAt ?? e.createdAt), until: when(e.expiresAt) })}{' '}
                  <a className="button button--primary button--small" href={`/mon-compte/donnees/export/${e.id}`} download>
                    {t('privacy.mine.export.download', { size: Math.max(1, Math.round((e.size ?? 0) / 1024)) })}
                  </a>
                </>
              ) : e.status === 'pending' ? (
                <>
                  {t('privacy.mine.export.pending', { date: when(e.createdAt) })}{' '}
                  <Link to="/mon-compte/donnees#exporter">{t('privacy.mine.export.refresh')}</Link>
                </>
              ) : (
                t('privacy.mine.export.failed', { date: when(e.createdAt) })
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <FormAlert messages={failure.errors.form} />
      {nextExportAt ? (
        <p className="muted">{t('privacy.mine.export.tooSoon', { date: when(nextExportAt) })}</p>
      ) : (
        <Form method="post" className="form">
          <SubmitButton intent="export">{t('privacy.mine.export.submit')}</SubmitButton>
        </Form>
      )}
    </section>
  )
}

function EraseSection({ keptReasons, isWebmaster }: { keptReasons: MessageKey[]; isWebmaster: boolean }) {
  const t = useT()
  const failure = useFormFailure('erase')
  const effects: MessageKey[] = [
    'privacy.mine.erase.effect.sessions',
    'privacy.mine.erase.effect.profile',
    'privacy.mine.erase.effect.messages',
    'privacy.mine.erase.effect.events',
    'privacy.mine.erase.effect.rest',
  ]
  return (
    <section className="card my-data__erase" aria-labelledby="effacer-titre" id="effacer">
      <h2 id="effacer-titre">{t('privacy.mine.erase.title')}</h2>
      <p>{t('privacy.mine.erase.lead')}</p>
      <ul>
        {effects.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h3>{t('privacy.mine.erase.kept.title')}</h3>
      {keptReasons.length > 0 ? (
        <>
          <p>{t('privacy.mine.erase.kept.lead')}</p>
          <ul>
            {keptReasons.map((key) => (
              <li key={key}>{t(key)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('privacy.mine.erase.kept.none')}</p>
      )}
      {isWebmaster ? <p className="alert alert--info">{t('privacy.mine.erase.webmasterNote')}</p> : null}
      <FieldScope name="erase">
        <Form method="post" className="form" noValidate>
          <ErrorSummary errors={failure.errors} />
          <Field
            label={t('privacy.mine.erase.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            errors={failure.errors.password}
          />
          <CheckboxField name="confirm" label={t('privacy.mine.erase.confirm')} errors={failure.errors.confirm} />
          <SubmitButton intent="erase" className="button button--danger">
            {t('privacy.mine.erase.submit')}
          </SubmitButton>
        </Form>
      </FieldScope>
    </section>
  )
}
