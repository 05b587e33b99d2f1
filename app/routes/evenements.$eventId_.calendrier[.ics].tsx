import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventIcs } from '~/features/events/event-files.server'
import { registrationOf } from '~/features/events/event-registrations.server'
import { canManageEvent, organizerEmailFor } from '~/features/events/events.server'
import { getUser } from '~/features/accounts/guards.server'
import { requireVisibleEvent } from '~/features/events/event-routes.server'
import { baseUrl } from '~/shared/http.server'

/**
 * « Ajouter à mon agenda »: the online link is in it only for registrants and organizers, the
 * organizer's address only for whoever may see it on the event page.
 */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = getUser(context)
  const { details } = requireVisibleEvent(context, params.eventId, viewer)
  const registration = viewer ? registrationOf(context.app, details.event.id, viewer.id) : null
  const showOnlineUrl = registration?.status === 'confirmed' || (viewer !== null && canManageEvent(context.app, viewer, details.event))
  const base = baseUrl(request, context.app.config.APP_URL)
  const organizer = { ...details.organizer, email: organizerEmailFor(context.app, viewer, details) }
  const body = eventIcs(
    { ...details, organizer },
    { url: new URL(`/evenements/${details.event.id}`, base).toString(), host: new URL(base).host, now: context.app.now(), showOnlineUrl },
  )
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="evenement-${details.event.id}.ics"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
