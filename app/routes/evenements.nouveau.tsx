import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { EventForm } from '~/features/events/components/event-form'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { canManageEvent, createEvent, eventAsInput, organizerScope } from '~/features/events/events.server'
import { requireMember } from '~/features/accounts/guards.server'
import { readEventSubmission, saveErrorMessage } from '~/features/events/event-form.server'
import { setEventCover } from '~/features/events/event-covers.server'
import { invariantResponse } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { utcToZonedInput } from '~/shared/zoned-time'
import eventsCss from '~/features/events/components/events.css'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]

export const meta = titleMeta('events.new.title')

function requireOrganizer(request: Request, context: LoaderFunctionArgs['context']) {
  const viewer = requireMember(request, context)
  const scope = organizerScope(context.app, viewer)
  invariantResponse(scope.associationWide || scope.groups.length > 0, 'Forbidden', { status: 403 })
  return { viewer, scope }
}

/** `?depuis=12` duplicates event 12: everything but the dates, which the organizer sets again. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, scope } = requireOrganizer(request, context)
  const from = Number(new URL(request.url).searchParams.get('depuis'))
  const source = Number.isInteger(from) && from > 0 ? eventAsInput(context.app, from) : null
  const copy = source && canManageEvent(context.app, viewer, source) ? source : null
  const defaults = copy
    ? { ...copy, startsAt: undefined, endsAt: undefined, registrationDeadline: undefined, cancellationDeadline: undefined }
    : {
        groupId: scope.associationWide ? null : (scope.groups[0]?.id ?? null),
        startsAt: utcToZonedInput(new Date(context.app.now().getTime() + 14 * 86400_000), 'Europe/Paris').slice(0, 11) + '19:00',
      }
  return { scope, defaults, duplicated: copy?.title ?? null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireOrganizer(request, context)
  requireUnrestricted(context.app, viewer.id)
  const t = translator(context.locale)
  const parsed = await readEventSubmission(request, t)
  if (!parsed.ok) return formError(parsed.errors, parsed.values)
  const result = createEvent(context.app, viewer, parsed.input)
  if (!result.ok) return formError({ [result.field]: [saveErrorMessage(t, result.error)] })
  if (parsed.cover) await setEventCover(context.app, result.eventId, parsed.cover)
  return redirectWithToast(context, `/evenements/${result.eventId}/gestion`, { type: 'success', key: 'events.created' })
}

export default function NewEvent() {
  const t = useT()
  const { scope, defaults, duplicated } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  return (
    <div className="narrow">
      <PageHeader title={t('events.new.title')} lead={duplicated ? t('events.new.duplicateLead', { title: duplicated }) : t('events.new.lead')} />
      <EventForm
        defaults={defaults}
        values={result.failed ? result.values : undefined}
        errors={result.errors}
        groups={scope.groups}
        associationWide={scope.associationWide}
        submitLabel={t('events.new.submit')}
      />
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
