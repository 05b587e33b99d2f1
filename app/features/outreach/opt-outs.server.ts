import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { addressOptOuts } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Db } from '../../../db/client'

// Addresses that asked never to be written to again by the network's outreach (issue #17): the
// invitations to activate an account sent from the graduates' list, a member's recommendation,
// the association's letter to people without an account. Every such sender asks `isOptedOut`
// (or filters with `notOptedOut`) in the transaction that queues the mail, and puts
// `optOutUrl` in the mail (`composeMail`'s `unsubscribe`, which also sets List-Unsubscribe).

type Reader = Pick<Db, 'select'>

export const normaliseAddress = (email: string) => email.trim().toLowerCase()

function sign(secret: string, value: string) {
  return crypto.createHmac('sha256', secret).update(`address-optout:${value}`).digest('base64url').slice(0, 32)
}

/** The link's token: the address (base64url) and an HMAC over it, no login needed. */
export function optOutToken(secret: string, email: string) {
  const address = Buffer.from(normaliseAddress(email)).toString('base64url')
  return `${address}.${sign(secret, address)}`
}

/** The address a token stands for, or null when it was not signed by this site. */
export function addressOfToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.')
  if (dot <= 0 || token.length > 600) return null
  const address = token.slice(0, dot)
  const expected = Buffer.from(sign(secret, address))
  const given = Buffer.from(token.slice(dot + 1))
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null
  return Buffer.from(address, 'base64url').toString('utf8')
}

/** « Ne plus m'écrire »: the page at /ne-plus-ecrire/<token>. */
export function optOutUrl(ctx: AppContext, baseUrl: string, email: string) {
  return new URL(`/ne-plus-ecrire/${optOutToken(ctx.config.SESSION_SECRET, email)}`, baseUrl).toString()
}

/** composeMail's `unsubscribe` for a mail of the network's outreach: « Ne plus m'écrire », one click. */
export function optOutUnsubscribe(ctx: AppContext, baseUrl: string, email: string) {
  return { label: 'outreach.optOut.link', url: optOutUrl(ctx, baseUrl, email), oneClick: true, noAccount: true } as const
}

export function isOptedOut(db: Reader, email: string): boolean {
  return !!db
    .select({ email: addressOptOuts.email })
    .from(addressOptOuts)
    .where(sql`${addressOptOuts.email} = ${normaliseAddress(email)}`)
    .get()
}

/** A condition for a query's WHERE: the address in `column` has not opted out. */
export const notOptedOut = (column: unknown) => sql`lower(${column}) not in (select ${addressOptOuts.email} from ${addressOptOuts})`

/** Records the opt-out (idempotent) and calls back the outreach mails still queued to the address. */
export function optOut(ctx: AppContext, email: string, kinds: readonly string[] = OUTREACH_MAIL_KINDS) {
  const address = normaliseAddress(email)
  ctx.db.transaction((tx) => {
    tx.insert(addressOptOuts).values({ email: address, createdAt: ctx.now() }).onConflictDoNothing().run()
    if (kinds.length > 0)
      tx.run(
        sql`delete from outbox where status = 'queued' and lower("to") = ${address} and kind in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      )
  })
}

/** The mail kinds an opt-out calls back: the areas that write to people without asking them first. */
export const OUTREACH_MAIL_KINDS = ['roster.activation', 'referrals.invitation', 'campaigns.letter'] as const
