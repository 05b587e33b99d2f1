import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { EventForm } from '~/features/events/components/event-form'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { saveEventChanges } from '~/features/events/event-tickets.server'
import { baseUrl } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { readEventSubmission, saveErrorMessage } from '~/features/events/event-form.server'
import { removeEventCover, setEventCover } from '~/features/events/event-covers.server'
import { coverUrl, coverVersion } from '~/features/events/schema'
import { requireEventManager } from '~/features/events/event-routes.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { utcToZonedInput } from '~/shared/zoned-time'
import eventsCss from '~/features/events/components/events.css'
import { HeldNotice } from '~/features/moderation/components/held-notice'
import { FormAlert } from '~/shared/components/forms'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]

export const meta = titleMeta('events.edit.title')

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, details, scope, hold } = requireEventManager(request, context, params.eventId)
  const { event, ticketTypes } = details
  const zoned = (d: Date | null) => (d ? utcToZonedInput(d, event.timeZone) : undefined)
  const cover = coverVersion(event.coverImage)
  return {
    scope,
    eventId: event.id,
    hold,
    // A webmaster reviewing a held event edits it freely; its organizers once, then the form gives way
    // to the notice (a stale tab is refused by the use case).
    reviewer: viewer.isWebmaster,
    spent: hold === 'edited' && !viewer.isWebmaster,
    cover: cover ? coverUrl(event.id, cover, 'small') : null,
    defaults: {
      ...event,
      startsAt: zoned(event.startsAt),
      endsAt: zoned(event.endsAt),
      registrationDeadline: zoned(event.registrationDeadline),
      cancellationDeadline: zoned(event.cancellationDeadline),
      ticketTypes,
    },
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer, details } = requireEventManager(request, context, params.eventId)
  const t = translator(context.locale)
  const parsed = await readEventSubmission(request, t)
  if (!parsed.ok) return formError(parsed.errors, parsed.values)
  const result = saveEventChanges(context.app, viewer, details.event.id, parsed.input, baseUrl(request, context.app.config.APP_URL))
  if (!result.ok) {
    return formError({ [result.field]: [saveErrorMessage(t, result.error)] }, {}, { status: result.error === 'heldEditUsed' ? 409 : 400 })
  }
  // A new picture replaces the old one; the box only removes when no new picture came with it.
  if (parsed.cover) await setEventCover(context.app, details.event.id, parsed.cover)
  else if (parsed.removeCover) await removeEventCover(context.app, details.event.id)
  const toast = result.told ? { key: 'events.savedAndTold' as const, params: { count: result.told } } : { key: 'events.saved' as const }
  return redirectWithToast(context, `/evenements/${details.event.id}/gestion`, { type: 'success', ...toast })
}

export default function EditEvent() {
  const t = useT()
  const { scope, defaults, cover, eventId, hold, reviewer, spent } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  // The current group stays selectable even for someone who could not pick it for a new event.
  const groups =
    defaults.groupId && !scope.groups.some((g) => g.id === defaults.groupId)
      ? [...scope.groups, { id: defaults.groupId, name: t('events.field.currentGroup') }]
      : scope.groups
  return (
    <div className="narrow">
      <PageHeader title={t('events.edit.title')} lead={defaults.title} />
      <HeldNotice kind="event" id={eventId} hold={hold} reviewer={reviewer} />
      {spent ? <FormAlert messages={result.errors.form} /> : null}
      {spent ? null : (
        <EventForm
          defaults={defaults}
          values={result.failed ? result.values : undefined}
          errors={result.errors}
          groups={groups}
          associationWide={scope.associationWide}
          submitLabel={t('events.edit.submit')}
          cover={cover}
        />
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
