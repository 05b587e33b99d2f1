import type { AppContext } from '~/context.server'
import { termsInForce } from '~/features/moderation/terms.server'
import { clauseHref, clausesOf, type Clause } from '~/features/moderation/terms'

type Ctx = Pick<AppContext, 'db' | 'now'>

/**
 * The clauses a report or a decision may cite: those of the terms in force, or null while no
 * version (or none with numbered clauses) is published — the forms then take a clause number,
 * checked by its pattern.
 */
export function citableClauses(ctx: Ctx): Clause[] | null {
  const current = termsInForce(ctx)
  const clauses = current ? clausesOf(current.body) : []
  return clauses.length > 0 ? clauses : null
}

/**
 * The link to a clause as it read when the decision was taken (`/cgu/3#article-4-2`), so a later
 * version that renumbers its clauses does not change what a statement cites; `/cgu` when no
 * version was in force then.
 */
export function clausePath(ctx: Ctx, clause: string | null, decidedAt: Date | string): string | null {
  if (!clause) return null
  const then = termsInForce(ctx, new Date(decidedAt))
  return then ? clauseHref(then.version, clause) : '/cgu'
}

/** The same link, absolute, for mails. */
export function clauseUrl(ctx: Ctx, baseUrl: string, clause: string, decidedAt: Date): string {
  return new URL(clausePath(ctx, clause, decidedAt) ?? '/cgu', baseUrl).toString()
}
