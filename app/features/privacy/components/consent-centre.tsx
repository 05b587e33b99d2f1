import { Form, Link } from '@remix-run/react'
import { ErrorSummary, SubmitButton } from '~/shared/components/forms'
import { useFormFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate, formatDateTime, type MessageKey } from '~/i18n'

type Dated = string | Date
type Consent = 'directory' | 'contact' | 'invitations' | 'jobAlerts' | 'news'

export interface ConsentCentreProps {
  consents: {
    consent: Consent
    label: MessageKey
    granted: boolean
    since: Dated | null
    history: { granted: boolean; via: string; at: Dated }[]
  }[]
  /** Directory, contact and job alerts are for members with dues paid: others are told so. */
  isMember: boolean
  jobAlertCount: number
}

const DESCRIPTIONS: Record<Consent, MessageKey> = {
  directory: 'privacy.consents.directory.description',
  contact: 'privacy.consents.contact.description',
  invitations: 'privacy.consents.invitations.description',
  jobAlerts: 'privacy.consents.jobAlerts.description',
  news: 'privacy.consents.news.description',
}

const VIA_KEYS: Record<string, MessageKey> = {
  signup: 'privacy.consents.via.signup',
  profile: 'privacy.consents.via.profile',
  centre: 'privacy.consents.via.centre',
  unsubscribe: 'privacy.consents.via.unsubscribe',
  alerts: 'privacy.consents.via.alerts',
}

/** The consent centre: one card per consent with its state, its switch and its history. */
export function ConsentCentre({ consents, isMember, jobAlertCount }: ConsentCentreProps) {
  const t = useT()
  const failure = useFormFailure('set')
  return (
    <div className="stack consents">
      <ErrorSummary errors={failure.errors} />
      {consents.map((c) => (
        <ConsentCard key={c.consent} consent={c} isMember={isMember} jobAlertCount={jobAlertCount} />
      ))}
      <p>
        <Link to="/mon-compte/donnees">{t('privacy.consents.back')}</Link>
      </p>
    </div>
  )
}

function ConsentCard({ consent: c, isMember, jobAlertCount }: { consent: ConsentCentreProps['consents'][number]; isMember: boolean; jobAlertCount: number }) {
  const t = useT()
  const { locale } = useRootData()
  const titleId = `consentement-${c.consent}-titre`
  return (
    <section className="card consent" aria-labelledby={titleId} id={`consentement-${c.consent}`}>
      <div className="consent__head">
        <h2 id={titleId}>{t(c.label)}</h2>
        <p className="consent__state">
          <span className={c.granted ? 'badge badge--success' : 'badge'}>{c.granted ? t('privacy.consents.given') : t('privacy.consents.notGiven')}</span>
          {c.since ? <span className="muted"> {t('privacy.consents.since', { date: formatDate(locale, new Date(c.since)) })}</span> : null}
        </p>
      </div>
      <p>{t(DESCRIPTIONS[c.consent])}</p>
      {c.consent === 'news' ? <p className="muted">{t('privacy.consents.news.basis')}</p> : null}
      {(c.consent === 'directory' || c.consent === 'contact') && !isMember ? <p className="muted">{t('privacy.consents.needsMembership')}</p> : null}
      {c.consent === 'jobAlerts' ? (
        <JobAlertsSwitch granted={c.granted} isMember={isMember} count={jobAlertCount} />
      ) : (
        <Switch consent={c.consent} granted={c.granted} />
      )}
      {c.history.length === 0 ? (
        <p className="muted consent__history-empty">{t('privacy.consents.history.empty')}</p>
      ) : (
        <details className="consent__history">
          <summary>{t('privacy.consents.history.title', { count: c.history.length })}</summary>
          <ol className="list-plain">
            {c.history.map((h, i) => (
              <li key={i}>
                {t('privacy.consents.history.line', {
                  state: t(h.granted ? 'privacy.consents.history.granted' : 'privacy.consents.history.withdrawn'),
                  via: VIA_KEYS[h.via] ? t(VIA_KEYS[h.via]) : h.via,
                  date: formatDateTime(locale, new Date(h.at)),
                })}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  )
}

/** One click either way: withdrawing is undone by giving it again. */
function Switch({ consent, granted }: { consent: Consent; granted: boolean }) {
  const t = useT()
  return (
    <Form method="post" className="consent__form">
      <input type="hidden" name="consent" value={consent} />
      <input type="hidden" name="granted" value={granted ? 'off' : 'on'} />
      <SubmitButton intent="set" className={granted ? 'button button--secondary' : 'button button--primary'}>
        {t(granted ? 'privacy.consents.withdraw' : 'privacy.consents.grant')}
      </SubmitButton>
    </Form>
  )
}

/** Withdrawing deletes the saved searches, so it says so first; giving it means creating an alert, with criteria. */
function JobAlertsSwitch({ granted, isMember, count }: { granted: boolean; isMember: boolean; count: number }) {
  const t = useT()
  if (granted) {
    return (
      <>
        <p>{t('privacy.consents.jobAlerts.count', { count })}</p>
        <details className="confirm">
          <summary className="button button--secondary">{t('privacy.consents.withdraw')}</summary>
          <Form method="post" className="confirm__panel">
            <p>{t('privacy.consents.jobAlerts.confirm', { count })}</p>
            <input type="hidden" name="consent" value="jobAlerts" />
            <input type="hidden" name="granted" value="off" />
            <SubmitButton intent="set" className="button button--danger">
              {t('privacy.consents.jobAlerts.confirmSubmit')}
            </SubmitButton>
          </Form>
        </details>
      </>
    )
  }
  if (!isMember) return <p className="muted">{t('privacy.consents.jobAlerts.membersOnly')}</p>
  return (
    <>
      <p className="muted">{t('privacy.consents.jobAlerts.createLead')}</p>
      <p>
        <Link className="button button--primary" to="/carriere/alertes">
          {t('privacy.consents.jobAlerts.create')}
        </Link>
      </p>
    </>
  )
}
