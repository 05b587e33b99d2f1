import { Form, Link, useActionData, useLocation, useRevalidator, useSubmit } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import { formatDateTime, formatMoney } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { CheckboxField, FormAlert, RadioGroup, SelectField, SubmitButton } from '~/shared/components/forms'
import { useRealtime } from '~/shared/components/realtime'
import { REGISTER_ERRORS } from '~/features/events/registration-errors'
import type { RegisterAnswer } from '~/features/events/realtime'

/** How long the page waits for the socket's answer before posting the form instead. */
const SOCKET_ANSWER_MS = 8000

interface PanelData {
  details: { event: { id: number; status: string; audience: string; maxGuests: number; ticketing: boolean; capacity: number | null; timeZone: string } }
  ticketTypes: { id: number; name: string; priceCents: number; quota: number | null; allowed: boolean }[]
  guestPrice: number | null
  counters: { confirmed: number; held: number }
  registration: {
    status: string
    guests: number
    places: number
    amountCents: number
    paid: boolean
    holdExpiresAt: Date | null
    code: string | null
    qr: string | null
  } | null
  open: boolean
  canCancelPaid: boolean
  started: boolean
  viewerRole: string
}

/** What the viewer can do about this event, in the one state they are in. */
export function RegistrationPanel({ data }: { data: PanelData }) {
  const t = useT()
  const { locale } = useRootData()
  const location = useLocation()
  const result = useActionData<{ error?: string }>()
  const { event } = data.details
  const r = data.registration
  const live = useSocketRegistration(event.id)
  const message = live.error ?? result?.error
  const alert = (
    <>
      <FormAlert messages={message ? [message] : undefined} />
      <p role="status" className={live.done ? 'alert alert--success' : 'visually-hidden'}>
        {live.done ?? ''}
      </p>
    </>
  )

  if (r) {
    const cancellable = !data.started && (!r.paid || data.canCancelPaid)
    return (
      <div className="stack">
        {alert}
        {r.status === 'confirmed' ? (
          <>
            <p className="badge badge--success">{t('events.you.confirmed', { count: r.places })}</p>
            {r.qr && r.code ? (
              <figure className="ticket">
                {/* The SVG comes from our own QR encoder, never from user input. */}
                <div className="ticket__qr" role="img" aria-label={t('events.ticket.qrLabel', { code: r.code })} dangerouslySetInnerHTML={{ __html: r.qr }} />
                <figcaption>
                  {t('events.ticket.code')} <strong className="ticket__code">{r.code}</strong>
                </figcaption>
              </figure>
            ) : null}
          </>
        ) : null}
        {r.status === 'held' ? (
          <>
            <p>
              {t('events.you.held', {
                amount: formatMoney(locale, r.amountCents),
                until: r.holdExpiresAt ? formatDateTime(locale, r.holdExpiresAt, event.timeZone) : '',
              })}
            </p>
            <Form method="post">
              <SubmitButton intent="pay">{t('events.pay', { amount: formatMoney(locale, r.amountCents) })}</SubmitButton>
            </Form>
          </>
        ) : null}
        {r.status === 'waitlisted' ? <p className="badge">{t('events.you.waitlisted')}</p> : null}
        {cancellable ? (
          <details className="confirm">
            <summary className="button button--ghost button--small">{t(r.status === 'waitlisted' ? 'events.leaveWaitlist' : 'events.unregister')}</summary>
            <Form method="post" className="confirm__body">
              <p>{t(r.paid ? 'events.unregisterConfirmPaid' : 'events.unregisterConfirm', { amount: formatMoney(locale, r.amountCents) })}</p>
              <SubmitButton intent="cancel" className="button button--danger">
                {t('events.unregisterYes')}
              </SubmitButton>
            </Form>
          </details>
        ) : r.paid && !data.started ? (
          <p className="muted">{t('events.tooLateToCancel')}</p>
        ) : null}
      </div>
    )
  }
  if (event.status === 'cancelled') return null
  if (!data.open) return <p className="muted">{t(data.started ? 'events.started' : 'events.closedNotice')}</p>
  if (data.viewerRole === 'visitor') {
    return (
      <Link to={`/connexion?redirectTo=${encodeURIComponent(location.pathname)}`} className="button button--primary">
        {t('events.loginToRegister')}
      </Link>
    )
  }
  if (event.audience === 'members' && data.viewerRole === 'registered') {
    return (
      <p>
        {t('events.membersOnly')} <Link to="/cotiser">{t('events.becomeMember')}</Link>
      </p>
    )
  }
  const full = event.capacity !== null && data.counters.confirmed + data.counters.held >= event.capacity
  const allowedTypes = data.ticketTypes.filter((tt) => tt.allowed)
  return (
    <Form method="post" className="stack" onSubmit={live.submit}>
      {alert}
      {event.ticketing ? (
        <RadioGroup
          legend={t('events.ticketType')}
          name="ticketTypeId"
          value={allowedTypes[0] ? String(allowedTypes[0].id) : undefined}
          options={allowedTypes.map((tt) => ({
            value: String(tt.id),
            label: `${tt.name} — ${tt.priceCents === 0 ? t('events.free') : formatMoney(locale, tt.priceCents)}`,
          }))}
        >
          {allowedTypes.length === 0 ? <p className="muted">{t('events.noTicketForYou')}</p> : null}
        </RadioGroup>
      ) : null}
      {event.maxGuests > 0 ? (
        <SelectField
          label={t('events.guests')}
          name="guests"
          id="guests"
          required
          options={Array.from({ length: event.maxGuests + 1 }, (_, n) => ({ value: String(n), label: n === 0 ? t('events.guestsNone') : `+${n}` }))}
          defaultValue="0"
          hint={data.guestPrice !== null ? t('events.guestsHintPaid', { price: formatMoney(locale, data.guestPrice) }) : t('events.guestsHint')}
        />
      ) : null}
      <CheckboxField label={t('events.showName')} name="showName" defaultChecked />
      {full ? <p className="muted">{t('events.fullWaitlist')}</p> : null}
      <SubmitButton intent="register" pending={live.pending}>
        {t(full ? 'events.joinWaitlist' : event.ticketing && allowedTypes.some((tt) => tt.priceCents > 0) ? 'events.book' : 'events.participate')}
      </SubmitButton>
    </Form>
  )
}

/**
 * With the page's socket online, « Participer » registers over it (`event:register`, the same
 * rules and batch as the form): no page load, the answer in a few milliseconds even when a
 * thousand click at once. Offline, or without an answer in time, the form posts as without
 * JavaScript (a registration is idempotent: a second try finds the first).
 */
function useSocketRegistration(eventId: number) {
  const t = useT()
  const { socket, status } = useRealtime()
  const submitForm = useSubmit()
  const revalidator = useRevalidator()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  function submit(e: FormEvent<HTMLFormElement>) {
    if (!socket || status !== 'online' || pending) return
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    form.set('intent', 'register')
    const ticketType = form.get('ticketTypeId')
    const request = {
      eventId,
      guests: Number(form.get('guests') ?? 0),
      ticketTypeId: typeof ticketType === 'string' && ticketType ? Number(ticketType) : null,
      showName: form.get('showName') === 'on',
    }
    setPending(true)
    setError(null)
    socket.timeout(SOCKET_ANSWER_MS).emit('event:register', request, (late: Error | null, answer: RegisterAnswer) => {
      setPending(false)
      // The form's answer says it best when the session or the member's standing is the matter.
      if (late || (!answer.ok && ['server', 'unauthorized', 'restricted'].includes(answer.error))) return submitForm(form, { method: 'post' })
      if (!answer.ok) {
        const key = answer.error in REGISTER_ERRORS ? REGISTER_ERRORS[answer.error as keyof typeof REGISTER_ERRORS] : 'events.error.notAllowed'
        return setError(t(key))
      }
      if (answer.checkoutUrl) return window.location.assign(answer.checkoutUrl)
      setDone(t(answer.status === 'waitlisted' ? 'events.toast.waitlisted' : answer.already ? 'events.toast.already' : 'events.toast.registered'))
      revalidator.revalidate()
    })
  }
  return { submit, pending, error, done }
}
