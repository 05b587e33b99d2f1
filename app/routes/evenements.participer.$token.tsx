import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { formatDateTime, type MessageKey } from '~/i18n'
import { placeLabel, priceLabel, whenLabel } from '~/features/events/event-files.server'
import { acceptInvitation, invitationSummary, undoInvitation } from '~/features/events/event-invitations.server'
import { eventById, registrationClosesAt } from '~/features/events/events.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import eventsCss from '~/features/events/components/events.css'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'

export const meta = titleMeta('events.invitation.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]

const ERRORS: Record<string, MessageKey> = {
  notFound: 'events.error.notFound',
  cancelled: 'events.error.cancelled',
  closed: 'events.error.closed',
  membersOnly: 'events.error.membersOnly',
  ticketTypeRequired: 'events.invitation.noTicket',
  ticketTypeNotAllowed: 'events.invitation.noTicket',
  ticketTypeFull: 'events.error.ticketTypeFull',
  tooManyGuests: 'events.error.tooManyGuests',
  inactiveAccount: 'events.error.inactiveAccount',
  providerUnavailable: 'events.error.providerUnavailable',
  restricted: 'events.error.restricted',
}

type LinkRefused = { state: 'invalidLink'; eventId: null } | { state: 'usedLink'; eventId: number | null }

function linkRefused(error: LinkRefused['state'], eventId: number | null) {
  return data<LinkRefused>(error === 'invalidLink' ? { state: error, eventId: null } : { state: error, eventId }, {
    status: error === 'invalidLink' ? 404 : 410,
  })
}

/**
 * The « Participer » button of the invitation mail lands here. Mail scanners open links, HEAD
 * and GET included: following the link only shows the event and one « Je participe » button,
 * and reads nothing but the database; the button's POST registers the invitee named by the
 * signed link (logged in or not, whoever else may be logged in), once.
 */
export function loader({ context, params }: LoaderFunctionArgs) {
  const summary = invitationSummary(context.app, params.token ?? '')
  if (!summary) return linkRefused('invalidLink', null)
  const { invitation, user } = summary
  if (invitation.usedAt) return linkRefused('usedLink', invitation.eventId)
  const details = eventById(context.app, invitation.eventId)
  if (!details) return linkRefused('invalidLink', null)
  const { event } = details
  // Said before the click rather than after it: the POST would refuse for the same reasons.
  const unavailable: MessageKey | null =
    event.status === 'cancelled' ? 'events.error.cancelled' : registrationClosesAt(event) <= context.app.now() ? 'events.error.closed' : null
  return {
    state: 'open' as const,
    eventId: event.id,
    name: user ? `${user.firstName} ${user.lastName}` : '',
    event: {
      title: event.title,
      when: whenLabel(details, context.locale),
      place: placeLabel(details, context.locale, { showOnlineUrl: false }),
      price: priceLabel(details, context.locale),
      paid: event.ticketing && details.ticketTypes.some((t) => t.priceCents > 0),
    },
    unavailable,
  }
}

// After the click the link is used up: reloading the loader would only say « déjà utilisé ».
export const shouldRevalidate = () => false

/** Without an intent (the button itself) the link registers; « Annuler » sends intent=undo. */
async function intentOf(request: Request): Promise<string> {
  return String((await readForm(request)).get('intent') ?? '')
}

/**
 * The action's answers say their status (200 included): after the click the loader, run again
 * for the page, says 410 « déjà utilisé », and a bare value would let that status be the page's.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const base = baseUrl(request, context.app.config.APP_URL)
  if ((await intentOf(request)) === 'undo') {
    const undone = undoInvitation(context.app, token, base)
    const eventId = invitationSummary(context.app, token)?.invitation.eventId ?? null
    return undone ? data({ state: 'undone' as const, eventId }, { status: 200 }) : data({ state: 'undoRefused' as const, eventId }, { status: 409 })
  }
  // « Participer » registers too: a member restricted pending review cannot, by this path either.
  const invited = invitationSummary(context.app, token)?.invitation
  if (invited) requireUnrestricted(context.app, invited.userId)
  const accepted = await acceptInvitation(context.app, token, base)
  if (!accepted.ok)
    return linkRefused(accepted.error, accepted.error === 'usedLink' ? (invitationSummary(context.app, token)?.invitation.eventId ?? null) : null)
  if (accepted.signUp.ok && accepted.signUp.checkoutUrl) throw redirect(accepted.signUp.checkoutUrl)
  const details = eventById(context.app, accepted.eventId)!
  const summary = invitationSummary(context.app, token)
  return data(
    {
      state: 'answered' as const,
      eventId: accepted.eventId,
      outcome: accepted.signUp.ok ? accepted.signUp.status : (ERRORS[accepted.signUp.error] ?? 'events.error.closed'),
      event: { title: details.event.title, startsAt: details.event.startsAt, timeZone: details.event.timeZone },
      name: summary?.user ? `${summary.user.firstName} ${summary.user.lastName}` : '',
    },
    { status: 200 },
  )
}

export default function AcceptInvitation() {
  const t = useT()
  const { locale } = useRootData()
  const loaded = useLoaderData<typeof loader>()
  // After the click, the action's answer is the page (the loader's would say the link is used).
  const data = useActionData<typeof action>() ?? loaded
  const eventLink = data.eventId ? (
    <Link to={`/evenements/${data.eventId}`} className="button button--secondary">
      {t('events.invitation.seeEvent')}
    </Link>
  ) : null

  if (data.state === 'invalidLink' || data.state === 'usedLink') {
    const invalid = data.state === 'invalidLink'
    return (
      <div className="narrow">
        <PageHeader
          title={t(invalid ? 'events.invitation.invalid' : 'events.invitation.used')}
          lead={t(invalid ? 'events.invitation.invalidBody' : 'events.invitation.usedBody')}
        />
        {eventLink}
      </div>
    )
  }
  if (data.state === 'undone' || data.state === 'undoRefused') {
    const undone = data.state === 'undone'
    return (
      <div className="narrow">
        <PageHeader
          title={t(undone ? 'events.invitation.undone' : 'events.invitation.failed')}
          lead={t(undone ? 'events.invitation.undoneBody' : 'events.invitation.undoRefused')}
        />
        {eventLink}
      </div>
    )
  }
  if (data.state === 'open') {
    const { event } = data
    return (
      <div className="narrow">
        <PageHeader title={event.title} lead={t('events.invitation.openLead', { name: data.name })} />
        <section className="card" aria-labelledby="practical">
          <h2 id="practical">{t('events.practical')}</h2>
          <dl className="facts">
            <dt>{t('events.field.when')}</dt>
            <dd>{event.when}</dd>
            <dt>{t('events.field.place')}</dt>
            <dd>{event.place}</dd>
            <dt>{t('events.field.price')}</dt>
            <dd>{event.price}</dd>
          </dl>
          {data.unavailable ? (
            <>
              <p className="alert alert--info" role="status">
                {t(data.unavailable)}
              </p>
              {eventLink}
            </>
          ) : (
            <Form method="post" className="form">
              {event.paid ? <p className="field__hint">{t('events.invitation.acceptPaidHint')}</p> : null}
              <div className="actions">
                <SubmitButton intent="accept" autoFocus>
                  {t('events.invitation.accept')}
                </SubmitButton>
                {eventLink}
              </div>
            </Form>
          )}
        </section>
      </div>
    )
  }

  const when = formatDateTime(locale, new Date(data.event.startsAt), data.event.timeZone)
  const ok = data.outcome === 'confirmed' || data.outcome === 'waitlisted' || data.outcome === 'held'
  return (
    <div className="narrow">
      <PageHeader
        title={ok ? t(data.outcome === 'waitlisted' ? 'events.invitation.waitlisted' : 'events.invitation.registered') : t('events.invitation.failed')}
        lead={ok ? t('events.invitation.registeredBody', { name: data.name, title: data.event.title, when }) : t(data.outcome as MessageKey)}
      />
      <div className="actions">
        {eventLink}
        {ok ? (
          <Form method="post">
            <SubmitButton intent="undo" className="button button--ghost">
              {t('events.invitation.undo')}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
