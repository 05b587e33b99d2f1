import type { LoaderFunctionArgs } from '@remix-run/node'
import { translator } from '~/i18n'
import { toCsv } from '~/features/events/event-files.server'
import { attendeeList, formatTicketCode } from '~/features/events/event-registrations.server'
import { requireEventManager } from '~/features/events/event-routes.server'
import { utcToZonedInput } from '~/shared/zoned-time'

/** The attendee list for a spreadsheet (organizers only): UTF-8 with BOM, semicolons, formula-safe. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { details } = requireEventManager(request, context, params.eventId)
  const t = translator(context.locale)
  // Spreadsheet-friendly local times: « 2026-12-04 19:00 », in the event's time zone.
  const local = (d: Date | null) => (d ? utcToZonedInput(d, details.event.timeZone).replace('T', ' ') : '')
  const rows = attendeeList(context.app, details.event.id).map(({ registration: r, firstName, lastName, email }) => [
    lastName,
    firstName,
    email,
    t(`events.status.${r.status}`),
    r.places,
    r.guests,
    (r.amountCents / 100).toFixed(2).replace('.', ','),
    local(r.paidAt),
    local(r.refundedAt),
    formatTicketCode(r.ticketCode),
    local(r.checkedInAt),
    local(r.createdAt),
  ])
  const header = [
    'csv.lastName',
    'csv.firstName',
    'csv.email',
    'csv.status',
    'csv.places',
    'csv.guests',
    'csv.amount',
    'csv.paidAt',
    'csv.refundedAt',
    'csv.ticket',
    'csv.checkedInAt',
    'csv.registeredAt',
  ] as const
  return new Response(
    toCsv(
      header.map((key) => t(`events.${key}`)),
      rows,
    ),
    {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="participants-evenement-${details.event.id}.csv"`,
        'Cache-Control': 'private, no-store',
      },
    },
  )
}
