/**
 * Demo recommendations (« Recommander ma promotion », issue #17): Camille (alumni@amicale.example,
 * promotion 2012) has invitations in every state — sent, followed by an account, followed by dues —
 * and a few other members have some, so that the webmasters' funnel has rows to sort. Runs after
 * the graduates' list: classmates are invited from it when it has rows of the promotion with an
 * address, else by typed addresses. Dated from the day the seed runs (the 30-day rule and the
 * daily limit depend on today), never within the last 24 hours (Camille's 20 of the day stay whole).
 */
import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Db } from './client'
import { referralInvitations } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Row = typeof referralInvitations.$inferInsert

const DAY = 24 * 60 * 60_000

interface Person {
  id: string
  email: string
  promotion: number | null
  createdAt: number
}

const person = (tx: Tx, email: string) =>
  tx.get<Person>(
    sql`select u.id as id, u.email as email, p.promotion as promotion, u.created_at as createdAt from users u left join profiles p on p.user_id = u.id where u.email = ${email}`,
  )

/**
 * Seeded accounts of a promotion (members or not) created these last 600 days — an invitation
 * came a few days before each, and stays within the two years it is kept — by address, so that
 * the choice is the same on every machine.
 */
function accountsOf(tx: Tx, since: number, promotion: number | null, members: boolean, exclude: string[], limit: number): Person[] {
  const dues = members ? sql`exists` : sql`not exists`
  return tx.all<Person>(sql`
    select u.id as id, u.email as email, p.promotion as promotion, u.created_at as createdAt from users u join profiles p on p.user_id = u.id
    where u.status = 'active' and u.role = 'user' and u.email not like '%@amicale.example' and u.created_at > ${since}
      and ${promotion === null ? sql`1` : sql`p.promotion = ${promotion}`}
      and ${dues} (select 1 from memberships m where m.user_id = u.id and m.status = 'active')
      and u.id not in (${sql.join(
        exclude.map((id) => sql`${id}`),
        sql`, `,
      )})
    order by u.email limit ${limit}`)
}

/** Roster rows of the promotion one may still invite (an address, no account). */
function classmatesOf(tx: Tx, promotion: number, limit: number) {
  return tx.all<{ id: number; email: string }>(sql`
    select g.id as id, lower(g.email) as email from graduates g
    where g.promotion = ${promotion} and g.email is not null and g.user_id is null
      and not exists (select 1 from users u where u.email = lower(g.email))
    order by g.last_name, g.first_name, g.id limit ${limit}`)
}

export function insertReferrals(tx: Tx, today: Date) {
  const camille = person(tx, 'alumni@amicale.example')
  const helene = person(tx, 'admin@amicale.example')
  if (!camille || !helene) return
  let n = 0
  const rows: Row[] = []
  const at = (days: number) => new Date(today.getTime() - days * DAY)
  const invite = (referrer: Person, email: string, sentAt: Date, extra: Partial<Row> = {}) =>
    rows.push({
      referrerId: referrer.id,
      email: email.toLowerCase(),
      // Deterministic demo tokens: the same database on every machine (a real one is 128 random bits).
      token: crypto.createHash('sha256').update(`seed-referral:${++n}`).digest('base64url').slice(0, 22),
      promotion: referrer.promotion,
      sentAt,
      ...extra,
    })
  // Invited five days before the account was created, which joined it (dues, if any, came after).
  const inviteJoined = (referrer: Person, invitee: Person) =>
    invite(referrer, invitee.email, new Date(invitee.createdAt - 5 * DAY), { joinedUserId: invitee.id, joinedAt: new Date(invitee.createdAt) })

  const used = [camille.id, helene.id]
  const since = today.getTime() - 600 * DAY
  const take = (promotion: number | null, members: boolean, count: number) => {
    const found = accountsOf(tx, since, promotion, members, used, count)
    const more = found.length < count ? accountsOf(tx, since, null, members, [...used, ...found.map((p) => p.id)], count - found.length) : []
    const picked = [...found, ...more]
    used.push(...picked.map((p) => p.id))
    return picked
  }

  // Camille: two classmates became members, one has an account, four were invited lately.
  take(camille.promotion, true, 2).forEach((p) => inviteJoined(camille, p))
  take(camille.promotion, false, 1).forEach((p) => inviteJoined(camille, p))
  const classmates = camille.promotion === null ? [] : classmatesOf(tx, camille.promotion, 3)
  if (classmates.length > 0) classmates.forEach((g, i) => invite(camille, g.email, at(2 + i * 2), { graduateId: g.id }))
  else ['claire.morel@exemple.fr', 'julien.roux@exemple.fr', 'ines.garnier@exemple.fr'].forEach((e, i) => invite(camille, e, at(2 + i * 2)))
  invite(camille, 'ancien.camarade@exemple.fr', at(12))

  // Hélène and two other members, for the funnel.
  invite(helene, 'marc.petit@exemple.fr', at(8))
  take(helene.promotion, false, 1).forEach((p) => inviteJoined(helene, p))
  take(helene.promotion, true, 1).forEach((p) => inviteJoined(helene, p))
  for (const [i, referrer] of take(null, true, 2).entries()) {
    invite(referrer, `camarade${i + 1}@exemple.fr`, at(5 + i))
    take(referrer.promotion, true, 1).forEach((p) => inviteJoined(referrer, p))
  }

  for (const row of rows) tx.insert(referralInvitations).values(row).run()
}
