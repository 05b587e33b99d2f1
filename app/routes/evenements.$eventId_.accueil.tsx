import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useRef } from 'react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { CounterBar, useLiveCounters } from '~/features/events/components/live'
import { QrScanner } from '~/features/events/components/qr-scanner'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { formatDateTime, translator } from '~/i18n'
import { attendeeList, checkIn, eventCounters } from '~/features/events/event-registrations.server'
import { requireEventManager } from '~/features/events/event-routes.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import eventsCss from '~/features/events/components/events.css'
import { readForm } from '~/shared/http.server'
import { revalidateAfterRefusal } from '~/shared/revalidate'
import { DeskVerdict, FeedbackSwitch, useDeskFeedback, type Verdict } from '~/features/events/components/desk-verdict'

export const meta = titleMeta('events.desk.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]
// A refused code may have been scanned at another desk: the arrivals list reloads.
export const shouldRevalidate = revalidateAfterRefusal

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { details } = requireEventManager(request, context, params.eventId)
  const arrived = attendeeList(context.app, details.event.id, { status: 'confirmed', arrived: true })
    .sort((a, b) => b.registration.checkedInAt!.getTime() - a.registration.checkedInAt!.getTime())
    .slice(0, 50)
    .map((a) => ({ id: a.registration.id, name: `${a.firstName} ${a.lastName}`, places: a.registration.places, at: a.registration.checkedInAt! }))
  return {
    event: { id: details.event.id, title: details.event.title, timeZone: details.event.timeZone },
    counters: eventCounters(context.app.db, details.event.id),
    arrived,
  }
}

/** One scan or one typed code; the answer says who may come in, or why not, in words for the desk. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer, details } = requireEventManager(request, context, params.eventId)
  const t = translator(context.locale)
  const code = String((await readForm(request)).get('code') ?? '').slice(0, 64)
  const answer = (verdict: Verdict, message: string, status = 200) => data({ ok: verdict === 'valid', verdict, message }, { status })
  if (!code.trim()) return answer('empty', t('events.desk.codeRequired'), 400)
  const result = checkIn(context.app, { eventId: details.event.id, code, organizerId: viewer.id })
  if (result.ok) return answer('valid', t('events.desk.welcome', { name: result.name, places: result.places }))
  if (result.error === 'alreadyCheckedIn')
    return answer(
      'already',
      t('events.desk.alreadyCheckedIn', { name: result.name ?? '', at: formatDateTime(context.locale, result.at!, details.event.timeZone) }),
      409,
    )
  if (result.error === 'notConfirmed') return answer('notConfirmed', t('events.desk.notConfirmed', { name: result.name ?? '' }), 409)
  return answer('unknown', t('events.desk.unknownCode'), 404)
}

/**
 * The desk on a phone: the verdict first and large, then the camera and the code field, then the
 * counters and the last arrivals. Each answer scrolls the verdict back into view and beeps.
 */
export default function CheckInDesk() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const counters = useLiveCounters(data.counters, 'manage')
  const fetcher = useFetcher<typeof action>()
  const input = useRef<HTMLInputElement>(null)
  const verdict = useRef<HTMLDivElement>(null)
  const feedback = useDeskFeedback()
  const submitCode = useCallback((code: string) => fetcher.submit({ code }, { method: 'post' }), [fetcher])
  const { signal } = feedback
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    // Ready for the next ticket: the field empties and keeps the focus (a USB scanner types into
    // it) without scrolling to it: the verdict is what the desk must see.
    if (input.current) {
      input.current.value = ''
      input.current.focus({ preventScroll: true })
    }
    verdict.current?.scrollIntoView({ block: 'start' })
    signal(fetcher.data.ok)
    // Once per answer: `signal` changing (the sound switch) must not replay the last one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])
  // Without JavaScript the form is a plain POST: its answer comes back as the page's action data.
  const posted = useActionData<typeof action>()
  const answer = fetcher.data ?? posted
  return (
    <div className="desk narrow">
      <PageHeader title={t('events.desk.title')} lead={data.event.title}>
        <div className="desk__header-actions">
          <Link to={`/evenements/${data.event.id}/gestion`} className="button button--ghost button--small">
            {t('events.desk.back')}
          </Link>
          <FeedbackSwitch enabled={feedback.enabled} onToggle={feedback.toggle} />
        </div>
      </PageHeader>
      <section aria-label={t('events.desk.verdictLabel')}>
        <DeskVerdict ref={verdict} answer={answer} />
      </section>
      <QrScanner onCode={submitCode} />
      <fetcher.Form method="post" className="card form desk__form">
        <div className="field">
          <label htmlFor="code">{t('events.desk.codeLabel')}</label>
          <p className="field__hint" id="code-hint">
            {t('events.desk.codeHint')}
          </p>
          <input ref={input} id="code" name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false} required aria-describedby="code-hint" />
        </div>
        <SubmitButton>{t('events.desk.submit')}</SubmitButton>
      </fetcher.Form>
      <CounterBar counters={counters} showCheckedIn />
      <section className="card" aria-labelledby="arrived">
        <h2 id="arrived">{t('events.desk.arrived')}</h2>
        {data.arrived.length === 0 ? (
          <p className="muted">{t('events.desk.nobodyYet')}</p>
        ) : (
          <ul className="arrivals">
            {data.arrived.map((a) => (
              <li key={a.id}>
                {a.name} {a.places > 1 ? `(+${a.places - 1})` : ''} —{' '}
                <time dateTime={a.at.toISOString()}>{formatDateTime(locale, a.at, data.event.timeZone)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
