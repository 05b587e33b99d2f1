import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { RegistrationPanel } from '~/features/events/components/registration-panel'
import { ShareLink } from '~/features/events/components/share-link'
import { CounterBar, useLiveCounters } from '~/features/events/components/live'
import { PageHeader } from '~/shared/components/layout'
import { MemberMap, mapStylesheets } from '~/features/directory/components/member-map'
import { RichText } from '~/shared/components/rich-text'
import { formatDate, formatDateTime, translator } from '~/i18n'
import { priceLabel, ticketQrSvg } from '~/features/events/event-files.server'
import { attendeeNames, countShownAttendees, eligible, eventCounters, formatTicketCode, registrationOf } from '~/features/events/event-registrations.server'
import { cancelTicket, signUp, startTicketCheckout } from '~/features/events/event-tickets.server'
import { REGISTER_ERRORS } from '~/features/events/registration-errors'
import { canManageEvent, cancellationClosesAt, organizerEmailFor, organizerPhotoShown, registrationClosesAt } from '~/features/events/events.server'
import { getUser, requireUser } from '~/features/accounts/guards.server'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'
import { eventIdParam, requireVisibleEvent } from '~/features/events/event-routes.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { useRootData, useT, type RootData } from '~/shared/i18n'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'
import eventsCss from '~/features/events/components/events.css'
import { isPayingMember } from '~/shared/viewer'
import { revalidateAfterRefusal } from '~/shared/revalidate'
import { EventCover } from '~/features/events/components/event-cover'
import { coverUrl, coverVersion } from '~/features/events/schema'
import { Avatar } from '~/shared/components/avatar'
import { unbrokenTime } from '~/features/events/components/dates'
import { mapTiles } from '~/shared/map/tiles'
import { ReportLink } from '~/features/moderation/components/report-form'
import { HeldNotice } from '~/features/moderation/components/held-notice'

/** Its counters are live for visitors too (a socket that may only watch them). */
export const handle = { realtime: true }
export const links: LinksFunction = () => [...mapStylesheets, eventsCss].map((href) => ({ rel: 'stylesheet', href }))
// A refused registration (closed, full, hold expired) means the page was out of date.
export const shouldRevalidate = revalidateAfterRefusal
// A shared link shows the event's own words and its cover (absolute URL, as link previews want it).
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === 'root')?.data as RootData | undefined
  const site = root?.settings.associationName ?? 'Amicale'
  if (!data) return [{ title: site }]
  const { event } = data.details
  const description = eventDescription(event.description)
  return [
    { title: `${event.title} — ${site}` },
    { name: 'description', content: description },
    { property: 'og:title', content: event.title },
    { property: 'og:description', content: description },
    ...(event.cover ? [{ property: 'og:image', content: new URL(coverUrl(event.id, event.cover), data.url).toString() }] : []),
  ]
}

/** The first words of the description as plain text, about the 155 characters a search result shows. */
function eventDescription(markdown: string): string {
  const text = markdown
    .replace(/[*_`#>[\]()!-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length <= 155 ? text : `${text.slice(0, 154).replace(/\s+\S*$/, '')}…`
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = getUser(context)
  // Held for review after reports: only its managers and webmasters see it meanwhile.
  const { details, hold } = requireVisibleEvent(context, params.eventId, viewer)
  const { event } = details
  const now = context.app.now()
  const registration = viewer ? registrationOf(context.app, event.id, viewer.id) : null
  const active = registration && registration.status !== 'cancelled' ? registration : null
  const isMember = isPayingMember(viewer)
  const who = { isMember, isStudent: viewer?.membership?.status === 'active' && viewer.membership.kind === 'student' }
  const { coverImage, ...shown } = event
  return {
    details: {
      event: {
        ...shown,
        cover: coverVersion(coverImage),
        onlineUrl: active?.status === 'confirmed' || (viewer && canManageEvent(context.app, viewer, event)) ? event.onlineUrl : null,
      },
      organizer: {
        id: details.organizer.id,
        firstName: details.organizer.firstName,
        lastName: details.organizer.lastName,
        email: organizerEmailFor(context.app, viewer, details),
        photo: organizerPhotoShown(context.app, viewer, details.organizer.id),
      },
      groupName: details.groupName,
      price: priceLabel(details, context.locale),
    },
    ticketTypes: details.ticketTypes.filter((t) => t.eligibility !== 'guests').map((t) => ({ ...t, allowed: eligible(t, who) })),
    guestPrice: details.ticketTypes.find((t) => t.eligibility === 'guests')?.priceCents ?? null,
    counters: eventCounters(context.app.db, event.id),
    registration: active && {
      status: active.status,
      guests: active.guests,
      places: active.places,
      amountCents: active.amountCents,
      paid: active.paidAt !== null,
      holdExpiresAt: active.holdExpiresAt,
      code: active.status === 'confirmed' ? formatTicketCode(active.ticketCode) : null,
      qr: active.status === 'confirmed' ? await ticketQrSvg(active.ticketCode) : null,
    },
    attendees: isMember && viewer ? attendeeNames(context.app, event.id, viewer) : null,
    attendeesShown: isMember ? countShownAttendees(context.app, event.id) : 0,
    open: event.status === 'published' && registrationClosesAt(event) > now,
    canCancelPaid: cancellationClosesAt(event) > now,
    started: event.startsAt <= now,
    canManage: viewer ? canManageEvent(context.app, viewer, event) : false,
    hold,
    // Webmasters read why members do not see it (they edit it freely: the one-edit rule is its organizers’).
    reviewer: !!viewer?.isWebmaster,
    viewerRole: viewer?.role ?? 'visitor',
    url: new URL(`/evenements/${event.id}`, baseUrl(request, context.app.config.APP_URL)).toString(),
    returning: new URL(request.url).searchParams.get('paiement'),
    tiles: mapTiles(context.app.config, context.locale),
  }
}

const RegisterForm = z.object({
  guests: z.coerce.number().int().min(0).max(10).default(0),
  ticketTypeId: z.coerce.number().int().positive().optional(),
  showName: z.string().optional(),
})

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  // The services check the event itself (exists, open…): no need to load it here.
  const event = { id: eventIdParam(params.eventId) }
  const t = translator(context.locale)
  const values = formObject(await readForm(request))
  const base = baseUrl(request, context.app.config.APP_URL)
  const page = `/evenements/${event.id}`
  const fail = (error: keyof typeof REGISTER_ERRORS) => data({ error: t(REGISTER_ERRORS[error]) }, { status: 400 })

  if (values.intent === 'register') {
    requireUnrestricted(context.app, viewer.id)
    // No new registration while it is held for review (its page is a 404 too).
    requireVisibleEvent(context, params.eventId, viewer)
    const parsed = RegisterForm.safeParse(values)
    if (!parsed.success) return fail('tooManyGuests')
    const result = await signUp(
      context.app,
      {
        eventId: event.id,
        userId: viewer.id,
        guests: parsed.data.guests,
        ticketTypeId: parsed.data.ticketTypeId ?? null,
        showName: parsed.data.showName === 'on',
      },
      base,
    )
    if (!result.ok) return fail(result.error)
    if (result.checkoutUrl) return redirect(result.checkoutUrl)
    const key = result.status === 'waitlisted' ? 'events.toast.waitlisted' : result.already ? 'events.toast.already' : 'events.toast.registered'
    return redirectWithToast(context, page, { type: 'success', key })
  }
  if (values.intent === 'pay') {
    const result = await startTicketCheckout(context.app, { eventId: event.id, userId: viewer.id, baseUrl: base })
    return result.ok ? redirect(result.url) : fail(result.error)
  }
  if (values.intent === 'cancel') {
    const result = await cancelTicket(context.app, { eventId: event.id, userId: viewer.id, by: viewer, baseUrl: base })
    if (!result.ok) return fail(result.error)
    return redirectWithToast(context, page, { type: 'success', key: result.refunded ? 'events.toast.cancelledRefunded' : 'events.toast.cancelled' })
  }
  return data({ error: t('error.required') }, { status: 400 })
}

/**
 * On a phone the page reads: title, date and place, then what to do (register), then the details.
 * That is the markup's order too (reading and tab order); from 1000 px the registration and the
 * attendees sit in a sidebar beside the details.
 */
export default function EventPage() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const { event, organizer } = data.details
  const counters = useLiveCounters(data.counters, 'watch')
  // An evening reads « vendredi 11 décembre 2026 à 19 h 00 → 22 h 00 »: the day once.
  const day = (d: Date) => formatDate(locale, d, { dateStyle: 'full', timeZone: event.timeZone })
  const sameDay = day(event.startsAt) === day(event.endsAt)
  const place = event.online ? null : [event.venue, event.address, event.city].filter(Boolean).join(', ')
  return (
    <div className="event-page">
      <EventCover event={event} size="large" />
      <PageHeader title={event.title} lead={data.details.groupName ? t('events.byGroup', { group: data.details.groupName }) : undefined}>
        {data.canManage ? (
          <Link to={`/evenements/${event.id}/gestion`} className="button button--secondary">
            {t('events.manage')}
          </Link>
        ) : null}
        {data.viewerRole !== 'visitor' && !data.canManage ? (
          <ReportLink kind="event" id={event.id} back={`/evenements/${event.id}`} label={t('moderation.reports.linkEvent')} />
        ) : null}
      </PageHeader>
      <dl className="event-key-facts" data-testid="event-key-facts">
        <div>
          <dt>{t('events.field.when')}</dt>
          <dd>
            <time dateTime={event.startsAt.toISOString()}>{unbrokenTime(formatDateTime(locale, event.startsAt, event.timeZone))}</time> →{' '}
            <time dateTime={event.endsAt.toISOString()}>
              {unbrokenTime(
                sameDay
                  ? formatDate(locale, event.endsAt, { timeStyle: 'short', timeZone: event.timeZone })
                  : formatDateTime(locale, event.endsAt, event.timeZone),
              )}
            </time>
            {event.timeZone === 'Europe/Paris' ? null : <span className="muted"> ({event.timeZone})</span>}
          </dd>
        </div>
        <div>
          <dt>{t('events.field.place')}</dt>
          <dd>
            {event.online ? (
              event.onlineUrl ? (
                <a href={event.onlineUrl} rel="noopener noreferrer">
                  {event.onlineUrl}
                </a>
              ) : (
                t('events.onlineLinkLater')
              )
            ) : (
              place
            )}
          </dd>
        </div>
      </dl>
      <HeldNotice kind="event" id={event.id} hold={data.hold} reviewer={data.reviewer} />
      {event.status === 'cancelled' || counters.cancelled ? (
        <div className="alert alert--error" role="alert">
          <p>{t('events.cancelledNotice')}</p>
        </div>
      ) : null}
      {data.returning && data.returning !== 'annule' && data.registration?.status === 'held' ? (
        <div className="alert alert--info" role="status">
          <p>{t('events.paymentPending')}</p>
        </div>
      ) : null}
      <div className="event-layout">
        <section className="card event-layout__register" aria-labelledby="registration" data-testid="registration">
          <h2 id="registration">{t('events.registration')}</h2>
          <CounterBar counters={counters} />
          <RegistrationPanel data={data} />
        </section>
        <div className="stack event-layout__details">
          <section className="card" aria-labelledby="about">
            <h2 id="about">{t('events.about')}</h2>
            <RichText text={event.description} />
          </section>
          <section className="card" aria-labelledby="practical">
            <h2 id="practical">{t('events.practical')}</h2>
            <dl className="facts">
              <dt>{t('events.field.organizer')}</dt>
              <dd className="event-organizer">
                <Avatar person={organizer} size="small" />
                <span>
                  {organizer.firstName} {organizer.lastName} · <a href={`mailto:${organizer.email}`}>{organizer.email}</a>
                </span>
              </dd>
              <dt>{t('events.field.price')}</dt>
              <dd>{data.details.price}</dd>
              <dt>{t('events.field.capacity')}</dt>
              <dd>{event.capacity ?? t('events.unlimited')}</dd>
              {event.registrationDeadline ? (
                <>
                  <dt>{t('events.field.registrationDeadline')}</dt>
                  <dd>{formatDateTime(locale, new Date(event.registrationDeadline), event.timeZone)}</dd>
                </>
              ) : null}
            </dl>
            <p className="actions">
              <a href={`/evenements/${event.id}/calendrier.ics`} className="button button--ghost button--small" download>
                {t('events.addToCalendar')}
              </a>
            </p>
            <ShareLink url={data.url} title={event.title} />
          </section>
          {!event.online && event.latitude !== null && event.longitude !== null ? (
            <div className="event-map">
              <MemberMap
                points={[{ id: String(event.id), lat: event.latitude, lng: event.longitude }]}
                tiles={data.tiles}
                labels={{
                  mapLabel: t('events.map.place'),
                  searchArea: '',
                  cluster: (count) => t('events.map.cluster', { count }),
                  member: event.venue ?? event.title,
                  tilesUnavailable: t('events.map.tilesUnavailable'),
                }}
              />
            </div>
          ) : null}
        </div>
        {data.attendees ? (
          <section className="card event-layout__attendees" aria-labelledby="attendees">
            <h2 id="attendees">{t('events.attendees', { count: counters.confirmed })}</h2>
            {data.attendees.length === 0 ? (
              <p className="muted">{t('events.attendeesNone')}</p>
            ) : (
              <ul className="attendee-names">
                {data.attendees.map((a) => (
                  <li key={a.id}>
                    <Avatar person={a} size="small" />
                    <Link to={`/membres/${a.id}`}>
                      {a.firstName} {a.lastName}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {data.attendeesShown > data.attendees.length ? (
              <p className="muted">{t('events.attendeesMore', { count: data.attendeesShown - data.attendees.length })}</p>
            ) : null}
          </section>
        ) : null}
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
