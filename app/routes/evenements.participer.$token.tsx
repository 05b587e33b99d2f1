import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '../components/error-boundary'
import { SubmitButton } from '../components/forms'
import { PageHeader } from '../components/layout'
import { formatDateTime, type MessageKey } from '../i18n'
import { acceptInvitation, invitationSummary, undoInvitation } from '../services/event-invitations.server'
import { eventById } from '../services/events.server'
import { baseUrl } from '../utils/http.server'
import { useRootData, useT } from '../utils/i18n'
import { titleMeta } from '../utils/meta'

export const meta = titleMeta('events.invitation.title')

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
}

/**
 * The « Participer » button of the invitation mail. One click registers the invitee named by the
 * signed link — logged in or not, whoever else may be logged in — then offers to undo. The link
 * serves once: a second visit (or a forged token) registers nobody.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = params.token ?? ''
  const base = baseUrl(request, context.app.config.APP_URL)
  const accepted = await acceptInvitation(context.app, token, base)
  if (!accepted.ok) {
    const summary = accepted.error === 'usedLink' ? invitationSummary(context.app, token) : null
    return json({ outcome: accepted.error, eventId: summary?.invitation.eventId ?? null, registered: summary?.registration?.status ?? null, event: null, name: null }, { status: accepted.error === 'invalidLink' ? 404 : 410 })
  }
  if (accepted.signUp.ok && accepted.signUp.checkoutUrl) throw redirect(accepted.signUp.checkoutUrl)
  const details = eventById(context.app, accepted.eventId)!
  const summary = invitationSummary(context.app, token)
  return json({
    outcome: accepted.signUp.ok ? accepted.signUp.status : (ERRORS[accepted.signUp.error] ?? 'events.error.closed'),
    eventId: accepted.eventId,
    registered: null,
    event: { title: details.event.title, startsAt: details.event.startsAt, timeZone: details.event.timeZone },
    name: summary?.user ? `${summary.user.firstName} ${summary.user.lastName}` : null,
  })
}

// The loader registers: it must run once per visit, never again after the undo (Remix revalidates by default).
export const shouldRevalidate = () => false

export function action({ request, context, params }: ActionFunctionArgs) {
  const undone = undoInvitation(context.app, params.token ?? '', baseUrl(request, context.app.config.APP_URL))
  return json({ undone })
}

export default function AcceptInvitation() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const undo = useActionData<typeof action>()
  const eventLink = data.eventId ? (
    <Link to={`/evenements/${data.eventId}`} className="button button--secondary">
      {t('events.invitation.seeEvent')}
    </Link>
  ) : null
  if (data.outcome === 'invalidLink' || data.outcome === 'usedLink') {
    return (
      <div className="narrow">
        <PageHeader title={t(data.outcome === 'invalidLink' ? 'events.invitation.invalid' : 'events.invitation.used')} lead={t(data.outcome === 'invalidLink' ? 'events.invitation.invalidBody' : 'events.invitation.usedBody')} />
        {eventLink}
      </div>
    )
  }
  if (undo?.undone) {
    return (
      <div className="narrow">
        <PageHeader title={t('events.invitation.undone')} lead={t('events.invitation.undoneBody')} />
        {eventLink}
      </div>
    )
  }
  const when = data.event ? formatDateTime(locale, new Date(data.event.startsAt), data.event.timeZone) : ''
  const ok = data.outcome === 'confirmed' || data.outcome === 'waitlisted' || data.outcome === 'held'
  return (
    <div className="narrow">
      <PageHeader
        title={ok ? t(data.outcome === 'waitlisted' ? 'events.invitation.waitlisted' : 'events.invitation.registered') : t('events.invitation.failed')}
        lead={ok ? t('events.invitation.registeredBody', { name: data.name ?? '', title: data.event?.title ?? '', when }) : t(data.outcome as MessageKey)}
      />
      <div className="actions">
        {eventLink}
        {ok ? (
          <Form method="post">
            <SubmitButton className="button button--ghost">{t('events.invitation.undo')}</SubmitButton>
          </Form>
        ) : null}
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
