import { asc, eq, sql, type SQL } from 'drizzle-orm'
import { graduates, groupMembers, groups, memberships, outbox, profiles, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { LetterRecipient } from '~/features/campaigns/campaign-mail.server'
import type { Segment } from '~/features/campaigns/schema'
import { notOptedOut } from '~/features/outreach/opt-outs.server'
import { newsNotWithdrawn } from '~/features/privacy/consents.server'

// Who a letter goes to, as SQL: one query per segment, deduplicated by address (lower-cased), with
// or without the people who said no — accounts that withdrew the association's news (the consent
// centre, or a letter's link), graduates' list addresses that asked « ne plus m'écrire ».

type Reader = Pick<Db, 'all' | 'get' | 'select'>

const list = (values: readonly number[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

const activeMembership = sql`exists (select 1 from ${memberships} m where m.user_id = u.id and m.status = 'active')`

function accountCondition(segment: Exclude<Segment, { kind: 'roster' }>): SQL {
  switch (segment.kind) {
    case 'members':
      return activeMembership
    case 'promotions':
      return sql`${activeMembership} and exists (select 1 from ${profiles} p where p.user_id = u.id and p.promotion in (${list(segment.promotions)}))`
    case 'groups':
      return sql`exists (select 1 from ${groupMembers} gm join ${groups} g on g.id = gm.group_id
        where gm.user_id = u.id and gm.status = 'active' and g.status = 'active' and gm.group_id in (${list(segment.groupIds)}))`
    case 'registered':
      return sql`not ${activeMembership}`
  }
}

/**
 * The segment's recipients, one row per address: `email` (lower-cased), `firstName`, `locale`,
 * `userId`. `filtered`: without those who said no. For several rows of one address, SQLite takes
 * the bare columns from the row `min()` picked (the oldest account or list row).
 */
function recipientsQuery(segment: Segment, filtered: boolean): SQL {
  if (segment.kind === 'roster') {
    // Not claimed by an account, and no account has the address either: those get the letter as members.
    return sql`select lower(g.email) as email, g.first_name as firstName, 'fr' as locale, null as userId, min(g.id) as pick
      from ${graduates} g
      where g.email is not null and trim(g.email) <> '' and g.user_id is null
        and lower(g.email) not in (select lower(a.email) from ${users} a)
        ${filtered ? sql`and ${notOptedOut(sql`g.email`)}` : sql``}
      group by lower(g.email)`
  }
  return sql`select lower(u.email) as email, u.first_name as firstName, u.locale as locale, u.id as userId, min(u.id) as pick
    from ${users} u
    where u.status = 'active' and ${accountCondition(segment)} ${filtered ? sql`and ${newsNotWithdrawn(sql`u.id`)}` : sql``}
    group by lower(u.email)`
}

export interface SegmentCount {
  /** Addresses the letter would be written to now. */
  recipients: number
  /** People of the segment left out because they said no (news withdrawn, or « ne plus m'écrire »). */
  excluded: number
}

export function segmentCount(db: Reader, segment: Segment): SegmentCount {
  const count = (filtered: boolean) => db.get<{ n: number }>(sql`select count(*) as n from (${recipientsQuery(segment, filtered)})`)?.n ?? 0
  const recipients = count(true)
  return { recipients, excluded: count(false) - recipients }
}

/**
 * The next recipients not yet written to the mail queue for this letter (no row with their
 * dedupe key), in address order. Read inside the batch's IMMEDIATE transaction: two processes
 * working on one letter never take the same address.
 */
export function nextRecipients(db: Reader, campaignId: number, segment: Segment, limit: number): LetterRecipient[] {
  return db.all<LetterRecipient>(sql`select r.email as email, r.firstName as firstName, r.locale as locale, r.userId as userId
    from (${recipientsQuery(segment, true)}) r
    where not exists (select 1 from ${outbox} o where o.dedupe_key = ${letterKeyPrefix(campaignId)} || r.email)
    order by r.email
    limit ${limit}`)
}

export const letterKeyPrefix = (campaignId: number) => `campaign:${campaignId}:`

/** The groups a letter may go to: the active ones, by name. */
export function segmentGroups(db: Reader): { id: number; name: string }[] {
  return db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.status, 'active')).orderBy(asc(groups.name)).all()
}
