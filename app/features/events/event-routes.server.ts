import type { AppLoadContext } from '@remix-run/node'
import { canManageEvent, eventById, organizerScope } from '~/features/events/events.server'
import { requireUser } from '~/features/accounts/guards.server'
import { invariantResponse } from '~/shared/http.server'
import { holdStateOf } from '~/features/moderation/holds.server'

export function eventIdParam(value: string | undefined): number {
  const id = Number(value)
  invariantResponse(Number.isInteger(id) && id > 0, 'Not found', { status: 404 })
  return id
}

/** The event or a 404. */
export function requireEvent(context: AppLoadContext, param: string | undefined) {
  const details = eventById(context.app, eventIdParam(param))
  invariantResponse(details, 'Not found', { status: 404 })
  return details
}

/**
 * The event's public page, its calendar file and its registration: while it is held for review
 * after reports, a 404 for anyone but its managers and webmasters (as if it did not exist).
 */
export function requireVisibleEvent(context: AppLoadContext, param: string | undefined, viewer: Parameters<typeof canManageEvent>[1]) {
  const details = requireEvent(context, param)
  const hold = holdStateOf(context.app, 'event', details.event.id)
  invariantResponse(!hold || canManageEvent(context.app, viewer, details.event), 'Not found', { status: 404 })
  return { details, hold }
}

/** Organizer pages (edit, dashboard, desk, export): the event's managers only, checked on the server. */
export function requireEventManager(request: Request, context: AppLoadContext, param: string | undefined) {
  const viewer = requireUser(request, context)
  const details = requireEvent(context, param)
  invariantResponse(canManageEvent(context.app, viewer, details.event), 'Forbidden', { status: 403 })
  return { viewer, details, scope: organizerScope(context.app, viewer), hold: holdStateOf(context.app, 'event', details.event.id) }
}
