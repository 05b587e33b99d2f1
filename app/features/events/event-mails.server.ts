import { and, eq, inArray } from 'drizzle-orm'
import { eventRegistrations } from '../../../db/schema'
import { formatDateTime, formatMoney, type MessageKey } from '~/i18n'
import type { AppContext } from '~/context.server'
import { eventIcs, practicalDetails, ticketQrPng } from '~/features/events/event-files.server'
import { formatTicketCode } from '~/features/events/event-registrations.server'
import { eventById } from '~/features/events/events.server'
import { statements } from '~/features/events/event-statements.server'
import { composeMail } from '~/shared/mail-layout.server'

function load(ctx: AppContext, registrationId: string) {
  const row = statements(ctx.db).registrationWithUser.get({ registrationId })
  const details = row ? eventById(ctx, row.registration.eventId) : null
  return row && details ? { ...row, details } : null
}

type Loaded = NonNullable<ReturnType<typeof load>>

/** Mails go out after the change is committed and never fail the request that caused them. */
function sendLater(ctx: AppContext, registrationId: string, what: string, build: (loaded: Loaded) => Promise<void>) {
  // Composed on the next turn of the event loop: the answer to the request that caused it goes first.
  setImmediate(() => {
    try {
      const loaded = load(ctx, registrationId)
      if (loaded) build(loaded).catch((error: unknown) => ctx.logger.error({ err: error, registrationId, what }, 'event mail failed'))
    } catch (error) {
      ctx.logger.error({ err: error, registrationId, what }, 'event mail failed')
    }
  })
}

function simpleMail(
  ctx: AppContext,
  loaded: Loaded,
  baseUrl: string,
  subject: MessageKey,
  paragraphs: { key: MessageKey; params?: Record<string, string | number> }[],
  action?: { label: MessageKey; path: string },
) {
  const { user, details } = loaded
  const title = details.event.title
  return ctx.mailer.send(
    composeMail(ctx.config, {
      to: user.email,
      locale: user.locale,
      firstName: user.firstName,
      subject,
      paragraphs: paragraphs.map((p) => ({ key: p.key, params: { title, ...p.params } })),
      details: practicalDetails(details, user.locale, { showOnlineUrl: false }),
      action: action ? { label: action.label, url: new URL(action.path, baseUrl).toString() } : undefined,
    }),
  )
}

export const eventMails = {
  /** The ticket: QR code inline, the code in words, the event in an .ics for the calendar. */
  confirmation(ctx: AppContext, registrationId: string, baseUrl: string) {
    sendLater(ctx, registrationId, 'confirmation', async ({ user, registration, details }) => {
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
      await ctx.mailer.send({
        ...mail,
        attachments: [
          { filename: `billet-${code}.png`, content: await ticketQrPng(registration.ticketCode), contentType: 'image/png', cid: 'ticket-qr' },
          { filename: 'evenement.ics', content: Buffer.from(ics), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
        ],
      })
    })
  },

  waitlisted(ctx: AppContext, registrationId: string, baseUrl: string) {
    sendLater(ctx, registrationId, 'waitlisted', (loaded) =>
      simpleMail(ctx, loaded, baseUrl, 'mail.eventWaitlisted.subject', [{ key: 'mail.eventWaitlisted.body' }], {
        label: 'mail.eventTicket.action',
        path: `/evenements/${loaded.details.event.id}`,
      }),
    )
  },

  /** Off the waitlist: a ticket at once (free), or a day to pay for the place (paid). */
  promoted(ctx: AppContext, registrationId: string, baseUrl: string) {
    const loaded = load(ctx, registrationId)
    if (!loaded) return
    if (loaded.registration.status === 'confirmed') return eventMails.confirmation(ctx, registrationId, baseUrl)
    const until = loaded.registration.holdExpiresAt ? formatDateTime(loaded.user.locale, loaded.registration.holdExpiresAt, loaded.details.event.timeZone) : ''
    sendLater(ctx, registrationId, 'promoted', (l) =>
      simpleMail(
        ctx,
        l,
        baseUrl,
        'mail.eventPromoted.subject',
        [{ key: 'mail.eventPromoted.body', params: { until, amount: formatMoney(l.user.locale, l.registration.amountCents) } }],
        {
          label: 'mail.eventPromoted.action',
          path: `/evenements/${l.details.event.id}`,
        },
      ),
    )
  },

  cancelledByOrganizer(ctx: AppContext, registrationId: string, baseUrl: string) {
    sendLater(ctx, registrationId, 'cancelledByOrganizer', (loaded) =>
      simpleMail(ctx, loaded, baseUrl, 'mail.eventRegistrationCancelled.subject', [
        { key: 'mail.eventRegistrationCancelled.body' },
        ...(loaded.registration.refundReference
          ? [{ key: 'mail.eventRefunded' as const, params: { amount: formatMoney(loaded.user.locale, loaded.registration.amountCents) } }]
          : []),
      ]),
    )
  },

  eventCancelled(ctx: AppContext, registrationId: string, baseUrl: string) {
    sendLater(ctx, registrationId, 'eventCancelled', (loaded) =>
      simpleMail(ctx, loaded, baseUrl, 'mail.eventCancelled.subject', [
        { key: 'mail.eventCancelled.body' },
        ...(loaded.registration.paidAt
          ? [{ key: 'mail.eventRefunded' as const, params: { amount: formatMoney(loaded.user.locale, loaded.registration.amountCents) } }]
          : []),
      ]),
    )
  },

  /** The time or the place changed: everyone registered or waiting gets the new details. Returns how many. */
  changed(ctx: AppContext, eventId: number, baseUrl: string): number {
    const people = ctx.db
      .select({ id: eventRegistrations.id })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted'])))
      .all()
    for (const { id } of people) {
      sendLater(ctx, id, 'changed', (loaded) =>
        simpleMail(ctx, loaded, baseUrl, 'mail.eventChanged.subject', [{ key: 'mail.eventChanged.body' }], {
          label: 'mail.eventTicket.action',
          path: `/evenements/${eventId}`,
        }),
      )
    }
    return people.length
  },

  latePaymentRefunded(ctx: AppContext, registrationId: string, baseUrl: string) {
    sendLater(ctx, registrationId, 'latePayment', (loaded) =>
      simpleMail(
        ctx,
        loaded,
        baseUrl,
        'mail.eventLatePayment.subject',
        [{ key: 'mail.eventLatePayment.body', params: { amount: formatMoney(loaded.user.locale, loaded.registration.amountCents) } }],
        {
          label: 'mail.eventTicket.action',
          path: `/evenements/${loaded.details.event.id}`,
        },
      ),
    )
  },
}
