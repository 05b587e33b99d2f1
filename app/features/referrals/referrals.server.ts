import crypto from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import type { AppContext } from '~/context.server'
import { translate, type Locale } from '~/i18n'
import { isOptedOut, notOptedOut, optOutUrl } from '~/features/outreach/opt-outs.server'
import { normaliseName } from '~/features/roster/names'
import {
  CLASSMATES_PER_PAGE,
  DAILY_INVITATIONS,
  INVITATIONS_PER_PAGE,
  LEADERBOARD_MIN_ROSTER,
  LEADERBOARD_TOP,
  REINVITE_DAYS,
  type Classmate,
  type InviteInput,
  type Leaderboard,
  type LeaderboardRow,
  type MyInvitation,
  type PromotionFigures,
} from '~/features/referrals/schema'
import { composeMail, escapeHtml } from '~/shared/mail-layout.server'
import type { MailMessage } from '~/shared/mail-queue.server'
import type { Db } from '../../../db/client'

// « Recommander ma promotion » (issue #17): a member's promotion in figures, the leaderboard, the
// classmates they may invite (names only: a roster address never leaves the server), the
// invitations themselves under the limits, and their fate. The webmasters' funnel is in funnel.server.ts.

const DAY_MS = 24 * 60 * 60_000
type Reader = Pick<Db, 'get' | 'all'>

/** A person's promotion: the profile's, else the roster row they claimed. */
const promotionOfUser = (userId: SQL | string) =>
  sql`coalesce((select p.promotion from profiles p where p.user_id = ${userId}), (select g.promotion from graduates g where g.user_id = ${userId}))`

export function promotionOf(db: Reader, userId: string): number | null {
  return db.get<{ promotion: number | null }>(sql`select ${promotionOfUser(userId)} as promotion`)?.promotion ?? null
}

/* ---------- My promotion in figures, and the leaderboard ---------- */

/**
 * The graduates' list per promotion, each row with the account it belongs to (the one that
 * claimed it, else the one with its address): how many rows, how many with an account, how many
 * of those accounts pay their dues. The list is the reference: a member missing from it is not
 * a graduate the association knows of, and a share never passes 100 %.
 */
function rosterCounts(promotion: number | null) {
  return sql`
    select l.promotion as promotion, count(*) as roster, coalesce(sum(u.id is not null), 0) as accounts, coalesce(sum(m.user_id is not null), 0) as members
    from (select g.promotion as promotion, coalesce(g.user_id, (select u.id from users u where u.email = lower(g.email))) as uid
          from graduates g ${promotion === null ? sql`` : sql`where g.promotion = ${promotion}`}) l
    left join users u on u.id = l.uid and u.status = 'active'
    left join memberships m on m.user_id = u.id and m.status = 'active'
    group by l.promotion`
}

type RosterCounts = { promotion: number; roster: number; accounts: number; members: number }

export function promotionFigures(ctx: AppContext, promotion: number): PromotionFigures {
  const roster = ctx.db.get<RosterCounts>(rosterCounts(promotion))
  if (roster) return { ...roster, notYetMembers: roster.roster - roster.members }
  // No list for this promotion: the site's own accounts, and « not yet members » are those who have not paid.
  const people = ctx.db.get<{ accounts: number; members: number | null }>(sql`
    select count(*) as accounts, sum(case when m.status = 'active' then 1 else 0 end) as members
    from users u left join memberships m on m.user_id = u.id
    where u.status = 'active' and ${promotionOfUser(sql`u.id`)} = ${promotion}`)!
  const members = people.members ?? 0
  return { promotion, roster: 0, accounts: people.accounts, members, notYetMembers: people.accounts - members }
}

export function leaderboard(ctx: AppContext, mine: number | null): Leaderboard {
  const promotions = ctx.db.all<RosterCounts>(rosterCounts(null))
  const eligible = promotions.filter((r) => r.roster >= LEADERBOARD_MIN_ROSTER)
  const sorted = eligible
    .map((r) => ({ promotion: r.promotion, roster: r.roster, members: r.members, share: r.members / r.roster }))
    .sort((a, b) => b.share - a.share || b.members - a.members || b.promotion - a.promotion)
  // Equal shares share a rank (1, 2, 2, 4).
  const ranked: LeaderboardRow[] = []
  sorted.forEach((r, i) => ranked.push({ ...r, rank: i > 0 && r.share === sorted[i - 1].share ? ranked[i - 1].rank : i + 1 }))
  const rows = ranked.slice(0, LEADERBOARD_TOP)
  const own = mine === null ? undefined : ranked.find((r) => r.promotion === mine)
  if (own && !rows.includes(own)) rows.push(own)
  const state = mine === null ? null : own ? 'ranked' : promotions.some((r) => r.promotion === mine) ? 'small' : 'absent'
  return { rows, ranked: ranked.length, small: promotions.length - eligible.length, mine: state }
}

/* ---------- The classmates one may invite ---------- */

const recentCutoff = (now: Date) => now.getTime() - REINVITE_DAYS * DAY_MS

/**
 * Roster rows of the promotion that may be invited: with an address, not an account (claimed or
 * by address), not opted out, not invited by anyone these 30 days. Only for WHERE clauses: the
 * address itself is never selected for a page.
 */
function invitableRoster(promotion: number, now: Date) {
  return sql`g.promotion = ${promotion} and g.email is not null and g.email <> '' and g.user_id is null
    and not exists (select 1 from users u where u.email = lower(g.email))
    and ${notOptedOut(sql`g.email`)}
    and not exists (select 1 from referral_invitations r where r.email = lower(g.email) and r.sent_at > ${recentCutoff(now)})`
}

export function classmatesToInvite(ctx: AppContext, promotion: number, options: { page: number; q: string }) {
  const words = normaliseName(options.q.slice(0, 100)).split(' ').filter(Boolean).slice(0, 5)
  const search =
    words.length > 0
      ? sql.join(
          words.map((w) => sql`instr(g.match_key, ${w}) > 0`),
          sql` and `,
        )
      : sql`1`
  const where = sql`${invitableRoster(promotion, ctx.now())} and ${search}`
  const total = ctx.db.get<{ n: number }>(sql`select count(*) as n from graduates g where ${where}`)!.n
  const pages = Math.max(1, Math.ceil(total / CLASSMATES_PER_PAGE))
  const page = Math.min(options.page, pages)
  const rows = ctx.db.all<Classmate>(sql`
    select g.id as id, g.first_name as firstName, g.last_name as lastName from graduates g where ${where}
    order by g.last_name collate nocase, g.first_name collate nocase, g.id
    limit ${CLASSMATES_PER_PAGE} offset ${(page - 1) * CLASSMATES_PER_PAGE}`)
  return { classmates: rows, total, page, pages }
}

/* ---------- Inviting ---------- */

export type InviteResult = { ok: true; sent: number; notSent: number } | { ok: false; error: 'quota'; left: number }

/** Invitations the member sent in the last 24 hours. */
function sentToday(db: Reader, referrerId: string, now: Date) {
  return db.get<{ n: number }>(sql`select count(*) as n from referral_invitations where referrer_id = ${referrerId} and sent_at > ${now.getTime() - DAY_MS}`)!.n
}

export function invitationsLeftToday(ctx: AppContext, referrerId: string) {
  return Math.max(DAILY_INVITATIONS - sentToday(ctx.db, referrerId, ctx.now()), 0)
}

/**
 * Sends the member's invitations, or none: one IMMEDIATE transaction reads the day's count and
 * writes the rows and their mails, so 25 posts at once cannot pass 20 together. An address that
 * has an account, opted out, or was invited these 30 days (by anyone, any case) is silently not
 * written to and counted as « not sent » with one reason for all three, so that typing an address
 * tells nothing about whether it has an account. A ticked row must be of the member's promotion
 * and still invitable.
 */
export function inviteClassmates(ctx: AppContext, referrerId: string, input: InviteInput & { baseUrl: string; locale: Locale }): InviteResult {
  const now = ctx.now()
  return ctx.db.transaction(
    (tx) => {
      const referrer = tx.get<{ firstName: string; lastName: string; promotion: number | null }>(
        sql`select first_name as firstName, last_name as lastName, ${promotionOfUser(referrerId)} as promotion from users where id = ${referrerId}`,
      )
      if (!referrer) return { ok: true as const, sent: 0, notSent: input.graduateIds.length + input.emails.length }
      const ticked =
        referrer.promotion !== null && input.graduateIds.length > 0
          ? tx.all<{ id: number; firstName: string; email: string }>(
              sql`select g.id as id, g.first_name as firstName, lower(g.email) as email from graduates g
                  where g.id in (${sql.join(
                    input.graduateIds.map((id) => sql`${id}`),
                    sql`, `,
                  )}) and ${invitableRoster(referrer.promotion, now)}`,
            )
          : []
      // One invitation per address, a ticked classmate before the same address typed.
      const targets = new Map<string, { graduateId: number | null; firstName: string | null }>()
      for (const g of ticked) if (!targets.has(g.email)) targets.set(g.email, { graduateId: g.id, firstName: g.firstName })
      for (const email of input.emails) {
        if (targets.has(email)) continue
        const hasAccount = tx.get(sql`select 1 from users where email = ${email}`)
        const recent = tx.get(sql`select 1 from referral_invitations where email = ${email} and sent_at > ${recentCutoff(now)}`)
        if (!hasAccount && !recent && !isOptedOut(tx, email)) targets.set(email, { graduateId: null, firstName: null })
      }
      const asked = input.graduateIds.length + input.emails.length
      const left = DAILY_INVITATIONS - sentToday(tx, referrerId, now)
      if (targets.size > left) return { ok: false as const, error: 'quota' as const, left: Math.max(left, 0) }

      const referrerName = `${referrer.firstName} ${referrer.lastName}`
      for (const [email, target] of targets) {
        const token = crypto.randomBytes(16).toString('base64url')
        const { id } = tx.get<{ id: number }>(sql`
          insert into referral_invitations (referrer_id, graduate_id, email, source, token, promotion, sent_at)
          values (${referrerId}, ${target.graduateId}, ${email}, ${target.graduateId === null ? 'typed' : 'roster'}, ${token}, ${referrer.promotion}, ${now.getTime()}) returning id`)!
        const mail = invitationMail(ctx, {
          to: email,
          firstName: target.firstName,
          locale: input.locale,
          referrer: referrerName,
          promotion: referrer.promotion,
          message: input.message,
          url: new URL(`/rejoindre/${token}`, input.baseUrl).toString(),
          optOut: optOutUrl(ctx, input.baseUrl, email),
        })
        ctx.mail.enqueue(mail, { kind: 'referrals.invitation', dedupeKey: `referral:${id}` })
      }
      return { ok: true as const, sent: targets.size, notSent: asked - targets.size }
    },
    { behavior: 'immediate' },
  )
}

interface InvitationMailInput {
  to: string
  firstName: string | null
  locale: Locale
  referrer: string
  promotion: number | null
  message: string | null
  url: string
  optOut: string
}

/** The recommendation, from the platform in the member's words: who, their message, the personal link. */
function invitationMail(ctx: AppContext, input: InvitationMailInput): MailMessage {
  const { ASSOCIATION_NAME: association, SCHOOL_NAME: school } = ctx.config
  const who = { referrer: input.referrer, promotion: input.promotion ?? 0, association, school }
  const mail = composeMail(ctx.config, {
    to: input.to,
    locale: input.locale,
    firstName: input.firstName ?? '',
    subject: 'referrals.mail.subject',
    paragraphs: [
      { key: input.promotion === null ? 'referrals.mail.bodyNoPromotion' : 'referrals.mail.body', params: who },
      ...(input.message ? [{ key: 'referrals.mail.message' as const, params: { referrer: input.referrer, message: input.message } }] : []),
      { key: 'referrals.mail.what', params: who },
      { key: 'referrals.mail.why', params: { referrer: input.referrer } },
    ],
    action: { label: 'referrals.mail.action', url: input.url },
    unsubscribe: { label: 'outreach.optOut.link', url: input.optOut, oneClick: true, noAccount: true },
  })
  // The layout's subject and greeting take no name of ours: the referrer goes in the subject, and
  // an address typed without a name is greeted without one.
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(input.locale, key, params)
  const subject = `${t('referrals.mail.subjectFrom', { referrer: input.referrer })} — ${association}`
  let { text, html } = mail
  html = html.replace(`<title>${escapeHtml(mail.subject)}</title>`, `<title>${escapeHtml(subject)}</title>`)
  if (!input.firstName) {
    const blank = t('mail.greeting', { firstName: '' })
    text = text.replace(blank, t('referrals.mail.greeting'))
    html = html.replace(`<p>${escapeHtml(blank)}</p>`, `<p>${escapeHtml(t('referrals.mail.greeting'))}</p>`)
  }
  return { ...mail, subject, text, html }
}

/* ---------- My invitations ---------- */

/** « Paid » is read from memberships at read time: the joined account's dues, active. */
const paidAtOf = sql`(select m.activated_at from memberships m where m.user_id = r.joined_user_id and m.status = 'active')`

export function myInvitations(ctx: AppContext, referrerId: string, requestedPage: number) {
  const counts = ctx.db.get<{ sent: number; joined: number | null; paid: number | null }>(sql`
    select count(*) as sent, sum(r.joined_at is not null) as joined, sum(${paidAtOf} is not null) as paid
    from referral_invitations r where r.referrer_id = ${referrerId}`)!
  const pages = Math.max(1, Math.ceil(counts.sent / INVITATIONS_PER_PAGE))
  const page = Math.min(requestedPage, pages)
  const rows = ctx.db.all<{
    id: number
    graduateId: number | null
    source: 'roster' | 'typed'
    first: string | null
    last: string | null
    email: string
    sentAt: number
    joinedAt: number | null
    paidAt: number | null
  }>(sql`
    select r.id as id, r.graduate_id as graduateId, r.source as source, g.first_name as first, g.last_name as last, r.email as email,
      r.sent_at as sentAt, r.joined_at as joinedAt, ${paidAtOf} as paidAt
    from referral_invitations r left join graduates g on g.id = r.graduate_id
    where r.referrer_id = ${referrerId}
    order by r.sent_at desc, r.id desc limit ${INVITATIONS_PER_PAGE} offset ${(page - 1) * INVITATIONS_PER_PAGE}`)
  const invitations: MyInvitation[] = rows.map((r) => ({
    id: r.id,
    name: r.graduateId !== null && r.first !== null ? `${r.first} ${r.last}` : null,
    // The address only when the member typed it: a classmate ticked from the list stays a name
    // (none if the list's row is gone), never the list's address.
    email: r.source === 'typed' ? r.email : null,
    sentAt: new Date(r.sentAt),
    state: r.paidAt !== null ? 'paid' : r.joinedAt !== null ? 'joined' : 'sent',
    joinedAt: r.joinedAt === null ? null : new Date(r.joinedAt),
    paidAt: r.paidAt === null ? null : new Date(r.paidAt),
  }))
  return { invitations, page, pages, counts: { sent: counts.sent, joined: counts.joined ?? 0, paid: counts.paid ?? 0 } }
}

/* ---------- The personal link ---------- */

export interface InvitationView {
  referrer: { firstName: string; lastName: string } | null
  promotion: number | null
  joined: boolean
}

/** What /rejoindre/<token> shows: who invited, never the address it was sent to. */
export function invitationByToken(ctx: AppContext, token: string): InvitationView | null {
  const row = ctx.db.get<{ firstName: string | null; lastName: string | null; promotion: number | null; joinedAt: number | null; status: string | null }>(sql`
    select u.first_name as firstName, u.last_name as lastName, u.status as status, r.promotion as promotion, r.joined_at as joinedAt
    from referral_invitations r left join users u on u.id = r.referrer_id where r.token = ${token}`)
  if (!row) return null
  const named = row.firstName !== null && row.status === 'active'
  return { referrer: named ? { firstName: row.firstName!, lastName: row.lastName! } : null, promotion: row.promotion, joined: row.joinedAt !== null }
}
