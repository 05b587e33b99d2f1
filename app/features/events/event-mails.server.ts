import { and, eq, inArray } from 'drizzle-orm'
import { eventRegistrations } from '../../../db/schema'
import { formatDateTime, formatMoney, type MessageKey } from '~/i18n'
import type { AppContext } from '~/context.server'
import { eventIcs, practicalDetails, ticketQrPng } from '~/features/events/event-files.server'
import { formatTicketCode } from '~/features/events/event-registrations.server'
import { eventById } from '~/features/events/events.server'
import { statements } from '~/features/events/event-statements.server'
import { composeMail } from '~/shared/mail-layout.server'
import type { MailMessage, MailTemplates } from '~/shared/mail-queue.server'

function load(ctx: AppContext, registrationId: string) {
  const row = statements(ctx.db).registrationWithUser.get({ registrationId })
  const details = row ? eventById(ctx, row.registration.eventId) : null
  return row && details ? { ...row, details } : null
}

type Loaded = NonNullable<ReturnType<typeof load>>

function simpleMail(
  ctx: AppContext,
  loaded: Loaded,
  baseUrl: string,
  subject: MessageKey,
  paragraphs: { key: MessageKey; params?: Record<string, string | number> }[],
  action?: { label: MessageKey; path: string },
): MailMessage {
  const { user, details } = loaded
  const title = details.event.title
  return composeMail(ctx.config, {
    to: user.email,
    locale: user.locale,
    firstName: user.firstName,
    subject,
    paragraphs: paragraphs.map((p) => ({ key: p.key, params: { title, ...p.params } })),
    details: practicalDetails(details, user.locale, { showOnlineUrl: false }),
    action: action ? { label: action.label, url: new URL(action.path, baseUrl).toString() } : undefined,
  })
}

const refunded = (loaded: Loaded) => ({
  key: 'mail.eventRefunded' as const,
  params: { amount: formatMoney(loaded.user.locale, loaded.registration.amountCents) },
})
const eventPage = (loaded: Loaded) => ({ label: 'mail.eventTicket.action' as const, path: `/evenements/${loaded.details.event.id}` })

/** Each registration mail, composed by the mail sender from the registration as it is then. */
const compose = {
  /** The ticket: QR code inline, the code in words, the event in an .ics for the calendar. */
  async confirmation(ctx: AppContext, { user, registration, details }: Loaded, baseUrl: string): Promise<MailMessage> {
    const eventUrl = new URL(`/evenements/${details.event.id}`, baseUrl).toString()
    const code = formatTicketCode(registration.ticketCode)
    const mail = composeMail(ctx.config, {
      to: user.email,
      locale: user.locale,
      firstName: user.firstName,
      subject: 'mail.eventTicket.subject',
      paragraphs: [
        { key: 'mail.eventTicket.body', params: { title: details.event.title, places: registration.places } },
        ...(registration.amountCents > 0
          ? [{ key: 'mail.eventTicket.paid' as const, params: { amount: formatMoney(user.locale, registration.amountCents) } }]
          : []),
        { key: 'mail.eventTicket.code', params: { code } },
      ],
      details: practicalDetails(details, user.locale, { showOnlineUrl: true }),
      image: { cid: 'ticket-qr', alt: code },
      action: { label: 'mail.eventTicket.action', url: eventUrl },
    })
    const ics = eventIcs(details, { url: eventUrl, host: new URL(baseUrl).host, now: ctx.now(), showOnlineUrl: true })
    return {
      ...mail,
      attachments: [
        { filename: `billet-${code}.png`, content: await ticketQrPng(registration.ticketCode), contentType: 'image/png', cid: 'ticket-qr' },
        { filename: 'evenement.ics', content: Buffer.from(ics), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
      ],
    }
  },

  async waitlisted(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    return simpleMail(ctx, loaded, baseUrl, 'mail.eventWaitlisted.subject', [{ key: 'mail.eventWaitlisted.body' }], eventPage(loaded))
  },

  /** Off the waitlist: a ticket at once (free), or a day to pay for the place (paid). */
  async promoted(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    if (loaded.registration.status === 'confirmed') return compose.confirmation(ctx, loaded, baseUrl)
    const { user, registration, details } = loaded
    const until = registration.holdExpiresAt ? formatDateTime(user.locale, registration.holdExpiresAt, details.event.timeZone) : ''
    return simpleMail(
      ctx,
      loaded,
      baseUrl,
      'mail.eventPromoted.subject',
      [{ key: 'mail.eventPromoted.body', params: { until, amount: formatMoney(user.locale, registration.amountCents) } }],
      { label: 'mail.eventPromoted.action', path: `/evenements/${details.event.id}` },
    )
  },

  async cancelledByOrganizer(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    return simpleMail(ctx, loaded, baseUrl, 'mail.eventRegistrationCancelled.subject', [
      { key: 'mail.eventRegistrationCancelled.body' },
      ...(loaded.registration.refundReference ? [refunded(loaded)] : []),
    ])
  },

  async eventCancelled(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    return simpleMail(ctx, loaded, baseUrl, 'mail.eventCancelled.subject', [
      { key: 'mail.eventCancelled.body' },
      ...(loaded.registration.paidAt ? [refunded(loaded)] : []),
    ])
  },

  async changed(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    return simpleMail(ctx, loaded, baseUrl, 'mail.eventChanged.subject', [{ key: 'mail.eventChanged.body' }], eventPage(loaded))
  },

  async latePaymentRefunded(ctx: AppContext, loaded: Loaded, baseUrl: string) {
    return simpleMail(
      ctx,
      loaded,
      baseUrl,
      'mail.eventLatePayment.subject',
      [{ key: 'mail.eventLatePayment.body', params: { amount: formatMoney(loaded.user.locale, loaded.registration.amountCents) } }],
      eventPage(loaded),
    )
  },
}

type EventMailKind = keyof typeof compose
interface EventMailParams {
  registrationId: string
  baseUrl: string
}

/** The templates the mail sender composes registration mails with (`events.confirmation`…). */
export function eventMailTemplates(ctx: AppContext): MailTemplates {
  return Object.fromEntries(
    (Object.keys(compose) as EventMailKind[]).map((kind) => [
      `events.${kind}`,
      async ({ registrationId, baseUrl }: EventMailParams) => {
        const loaded = load(ctx, registrationId)
        return loaded ? compose[kind](ctx, loaded, baseUrl) : null
      },
    ]),
  )
}

/**
 * Queues a registration mail. Called inside the transaction of the change it reports, the mail
 * is kept if and only if the change is; the sender composes it (QR code, .ics) moments later.
 */
function queue(ctx: AppContext, kind: EventMailKind, registrationId: string, baseUrl: string) {
  ctx.mail.enqueueTemplate({ registrationId, baseUrl } satisfies EventMailParams, { kind: `events.${kind}` })
}

type Queue = (ctx: AppContext, registrationId: string, baseUrl: string) => void
const queueOf =
  (kind: EventMailKind): Queue =>
  (ctx, registrationId, baseUrl) =>
    queue(ctx, kind, registrationId, baseUrl)

export const eventMails = {
  confirmation: queueOf('confirmation'),
  waitlisted: queueOf('waitlisted'),
  promoted: queueOf('promoted'),
  cancelledByOrganizer: queueOf('cancelledByOrganizer'),
  eventCancelled: queueOf('eventCancelled'),
  latePaymentRefunded: queueOf('latePaymentRefunded'),

  /** The time or the place changed: everyone registered or waiting gets the new details. Returns how many. */
  changed(ctx: AppContext, eventId: number, baseUrl: string): number {
    const people = ctx.db
      .select({ id: eventRegistrations.id })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted'])))
      .all()
    for (const { id } of people) queue(ctx, 'changed', id, baseUrl)
    return people.length
  },
}
