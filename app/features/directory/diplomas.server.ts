import { and, asc, eq, notInArray } from 'drizzle-orm'
import { profileDiplomas, profiles } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { MAX_OWN_DIPLOMAS, sameDiploma } from '~/features/directory/schema'

// A member's several diplomas (issue #17): the profile's `diploma` stays the first one (the card
// and the search show it), the graduates' list adds its own (`roster`, read-only for the member)
// and the member adds theirs (`member`, at most five).

export interface MemberDiplomas {
  /** The profile's diploma, first everywhere. */
  main: string | null
  /** From the school's list, as given. */
  roster: string[]
  /** Added by the member. */
  own: string[]
}

export function diplomasOf(ctx: AppContext, userId: string): MemberDiplomas {
  const main = ctx.db.select({ diploma: profiles.diploma }).from(profiles).where(eq(profiles.userId, userId)).get()?.diploma ?? null
  const rows = ctx.db
    .select()
    .from(profileDiplomas)
    .where(eq(profileDiplomas.userId, userId))
    .orderBy(asc(profileDiplomas.createdAt), asc(profileDiplomas.diploma))
    .all()
  return {
    main,
    roster: rows.filter((r) => r.source === 'roster').map((r) => r.diploma),
    own: rows.filter((r) => r.source === 'member' && !sameDiploma(r.diploma, main)).map((r) => r.diploma),
  }
}

/** Every diploma once, the profile's first: what a profile page lists. */
export function diplomaList(diplomas: MemberDiplomas): string[] {
  const list: string[] = []
  for (const d of [diplomas.main, ...diplomas.roster, ...diplomas.own]) if (d && !list.some((seen) => sameDiploma(seen, d))) list.push(d)
  return list
}

/**
 * The member's own diplomas become exactly `wanted` (the list's stay as they are; the profile's
 * first one is not repeated). The form checks each against the diploma list; this holds the count.
 */
export function setOwnDiplomas(ctx: AppContext, userId: string, wanted: string[]): { ok: true } | { ok: false; error: 'tooMany' } {
  const at = ctx.now()
  return ctx.db.transaction((tx) => {
    const main = tx.select({ diploma: profiles.diploma }).from(profiles).where(eq(profiles.userId, userId)).get()?.diploma ?? null
    const roster = tx
      .select({ diploma: profileDiplomas.diploma })
      .from(profileDiplomas)
      .where(and(eq(profileDiplomas.userId, userId), eq(profileDiplomas.source, 'roster')))
      .all()
      .map((r) => r.diploma)
    const own = [...new Set(wanted)].filter((d) => !sameDiploma(d, main) && !roster.some((r) => sameDiploma(r, d)))
    if (own.length > MAX_OWN_DIPLOMAS) return { ok: false as const, error: 'tooMany' as const }
    const mine = and(eq(profileDiplomas.userId, userId), eq(profileDiplomas.source, 'member'))
    tx.delete(profileDiplomas)
      .where(own.length ? and(mine, notInArray(profileDiplomas.diploma, own)) : mine)
      .run()
    for (const diploma of own) tx.insert(profileDiplomas).values({ userId, diploma, source: 'member', createdAt: at }).onConflictDoNothing().run()
    return { ok: true as const }
  })
}
