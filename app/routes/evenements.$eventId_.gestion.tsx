import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useCallback, useState } from 'react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { AttendeeTable } from '~/features/events/components/attendee-table'
import { ActivityFeed, InvitationForm, InvitationProgress } from '~/features/events/components/organizer'
import { CounterBar, useLiveCounters, type FeedItem } from '~/features/events/components/live'
import { FEED_ITEMS } from '~/features/events/realtime'
import { FormAlert, SubmitButton } from '~/shared/components/forms'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import type { InvitationSegment } from '../../db/schema'
import { latestSend, runInvitationSend, startInvitationSend } from '~/features/events/event-invitations.server'
import { attendeeList, eventCounters, recentActivity } from '~/features/events/event-registrations.server'
import { cancelEvent, cancelTicket } from '~/features/events/event-tickets.server'
import { requireEventManager } from '~/features/events/event-routes.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'
import eventsCss from '~/features/events/components/events.css'
import { HeldNotice } from '~/features/moderation/components/held-notice'

export const meta = titleMeta('events.dashboard.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]

const STATUSES = ['confirmed', 'held', 'waitlisted', 'cancelled'] as const
const ATTENDEES_PER_PAGE = 50

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, details, scope, hold } = requireEventManager(request, context, params.eventId)
  const url = new URL(request.url)
  const status = STATUSES.find((s) => s === url.searchParams.get('statut'))
  const arrived = url.searchParams.get('arrive') === 'oui' ? true : url.searchParams.get('arrive') === 'non' ? false : undefined
  const { event } = details
  const everyone = attendeeList(context.app, event.id, { status, arrived })
  const page = pageParam(request)
  return {
    pages: Math.max(1, Math.ceil(everyone.length / ATTENDEES_PER_PAGE)),
    page,
    attendeeCount: everyone.length,
    event: { id: event.id, title: event.title, status: event.status, groupId: event.groupId, startsAt: event.startsAt, timeZone: event.timeZone },
    counters: eventCounters(context.app.db, event.id),
    hold,
    reviewer: viewer.isWebmaster,
    activity: recentActivity(context.app, event.id),
    attendees: everyone.slice((page - 1) * ATTENDEES_PER_PAGE, page * ATTENDEES_PER_PAGE).map((a) => ({
      userId: a.registration.userId,
      name: `${a.firstName} ${a.lastName}`,
      firstName: a.firstName,
      lastName: a.lastName,
      photo: a.photo,
      email: a.email,
      status: a.registration.status,
      places: a.registration.places,
      amountCents: a.registration.amountCents,
      paid: a.registration.paidAt !== null,
      refunded: a.registration.refundedAt !== null,
      checkedInAt: a.registration.checkedInAt,
      source: a.registration.source,
    })),
    filter: { status: status ?? '', arrived: url.searchParams.get('arrive') ?? '' },
    send: latestSend(context.app, event.id),
    segments: { associationWide: scope.associationWide, groups: scope.associationWide ? scope.groups : scope.groups.filter((g) => g.id === event.groupId) },
  }
}

const InviteForm = z.object({
  segment: z.enum(['members', 'promotions', 'group', 'everyone']),
  promotions: z.string().optional(),
  groupId: z.coerce.number().int().positive().optional(),
})

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer, details, hold } = requireEventManager(request, context, params.eventId)
  const t = translator(context.locale)
  const values = formObject(await readForm(request))
  const base = baseUrl(request, context.app.config.APP_URL)
  const page = `/evenements/${details.event.id}/gestion`

  if (values.intent === 'invite') {
    // Invitations to an event members cannot open wait for the webmaster's decision.
    if (hold) return data({ inviteError: t('moderation.held.noInvitations') }, { status: 409 })
    const parsed = InviteForm.safeParse(values)
    const promotions = (parsed.success ? (parsed.data.promotions ?? '') : '')
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number)
    if (
      !parsed.success ||
      (parsed.data.segment === 'promotions' && (promotions.length === 0 || promotions.some((p) => !Number.isInteger(p) || p < 1900 || p > 2100)))
    ) {
      return data({ inviteError: t('events.invite.errorPromotions') }, { status: 400 })
    }
    if (parsed.data.segment === 'group' && !parsed.data.groupId) return data({ inviteError: t('events.invite.errorGroup') }, { status: 400 })
    const segment: InvitationSegment =
      parsed.data.segment === 'promotions'
        ? { kind: 'promotions', promotions }
        : parsed.data.segment === 'group'
          ? { kind: 'group', groupId: parsed.data.groupId! }
          : { kind: parsed.data.segment }
    const started = startInvitationSend(context.app, viewer, details.event.id, segment)
    if (!started.ok) return data({ inviteError: t(`events.invite.error.${started.error}`) }, { status: 400 })
    // The mails go out in the background, batch by batch; the page follows the progress live.
    void runInvitationSend(context.app, started.sendId, base).catch((error: unknown) =>
      context.app.logger.error({ err: error, sendId: started.sendId }, 'invitation send failed'),
    )
    return redirectWithToast(context, page, { type: 'success', key: 'events.invite.started', params: { count: started.total } })
  }
  if (values.intent === 'cancelRegistration') {
    const result = await cancelTicket(context.app, { eventId: details.event.id, userId: values.userId ?? '', by: viewer, baseUrl: base })
    if (!result.ok) return data({ error: t(`events.error.${result.error}`) }, { status: 400 })
    return redirectWithToast(context, page, { type: 'success', key: result.refunded ? 'events.toast.organizerRefunded' : 'events.toast.organizerCancelled' })
  }
  if (values.intent === 'cancelEvent') {
    const done = await cancelEvent(context.app, viewer, details.event.id, base)
    return done
      ? redirectWithToast(context, page, { type: 'success', key: 'events.toast.eventCancelled' })
      : data({ error: t('events.error.cancelled') }, { status: 400 })
  }
  return data({ error: t('error.required') }, { status: 400 })
}

export default function EventDashboard() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<{ error?: string; inviteError?: string }>()
  const [feed, setFeed] = useState<FeedItem[]>(data.activity)
  const onFeed = useCallback((items: FeedItem[]) => setFeed((current) => [...[...items].reverse(), ...current].slice(0, FEED_ITEMS)), [])
  const counters = useLiveCounters(data.counters, 'manage', onFeed)
  const { event } = data
  return (
    <div className="dashboard">
      <PageHeader title={t('events.dashboard.title')} lead={event.title}>
        <Link to={`/evenements/${event.id}`} className="button button--ghost">
          {t('events.dashboard.view')}
        </Link>
      </PageHeader>
      <HeldNotice kind="event" id={event.id} hold={data.hold} reviewer={data.reviewer} />
      <FormAlert messages={result?.error ? [result.error] : undefined} />
      <nav className="actions" aria-label={t('events.dashboard.actions')}>
        <Link to={`/evenements/${event.id}/accueil`} className="button button--primary">
          {t('events.dashboard.checkIn')}
        </Link>
        <Link to={`/evenements/${event.id}/modifier`} className="button button--secondary">
          {t('events.dashboard.edit')}
        </Link>
        <Link to={`/evenements/nouveau?depuis=${event.id}`} className="button button--secondary">
          {t('events.dashboard.duplicate')}
        </Link>
        <a href={`/evenements/${event.id}/participants.csv`} className="button button--secondary" download>
          {t('events.dashboard.export')}
        </a>
      </nav>
      <div className="dashboard__grid">
        <section className="card" aria-labelledby="live">
          <h2 id="live">{t('events.dashboard.live')}</h2>
          <CounterBar counters={counters} showCheckedIn />
          <ActivityFeed items={feed} />
        </section>
        <section className="card" aria-labelledby="invite">
          <h2 id="invite">{t('events.invite.title')}</h2>
          <InvitationProgress eventId={event.id} initial={data.send} />
          {event.status === 'published' && !data.hold ? <InvitationForm segments={data.segments} error={result?.inviteError} /> : null}
          {data.hold ? <p className="muted">{t('moderation.held.noInvitations')}</p> : null}
        </section>
      </div>
      <section className="card" aria-labelledby="attendees">
        <h2 id="attendees">{t('events.dashboard.attendeesCount', { count: data.attendeeCount })}</h2>
        <AttendeeTable attendees={data.attendees} filter={data.filter} />
        <Pagination page={data.page} pages={data.pages} />
      </section>
      {event.status === 'published' ? (
        <section className="card danger-zone" aria-labelledby="cancel-event">
          <h2 id="cancel-event">{t('events.dashboard.cancelTitle')}</h2>
          <details className="confirm">
            <summary className="button button--danger">{t('events.dashboard.cancelEvent')}</summary>
            <Form method="post" className="confirm__body">
              <p>{t('events.dashboard.cancelConfirm', { count: counters.confirmed + counters.held + counters.waitlist })}</p>
              <SubmitButton intent="cancelEvent" className="button button--danger">
                {t('events.dashboard.cancelYes')}
              </SubmitButton>
            </Form>
          </details>
        </section>
      ) : null}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
