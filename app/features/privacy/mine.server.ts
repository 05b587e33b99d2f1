import { desc, eq } from 'drizzle-orm'
import { loginEvents, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { verifyPassword } from '~/features/accounts/auth.server'
import { personRows } from '~/features/privacy/person-data.server'
import { privacyPolicy } from '~/features/privacy/policy.server'
import { privacyRegistry } from '~/features/privacy/registry.server'
import type { LegalBasis, PrivacyCategory, Recipient } from '~/features/privacy/schema'
import type { MessageKey } from '~/i18n'

export interface HeldCategory {
  category: PrivacyCategory
  /** How many rows about the person the category holds, all tables together. */
  count: number
  items: { data: MessageKey; count: number }[]
  purposes: { purpose: MessageKey; basis: LegalBasis }[]
  recipients: Recipient[]
}

/**
 * « Mes données »: what the registry holds about the person, category by category, with how many
 * rows each table has of theirs, and what an erasure would keep pseudonymised (and why), read
 * from the same declarations as the export and the erasure.
 */
export function heldAbout(ctx: AppContext, userId: string): { categories: HeldCategory[]; keptReasons: MessageKey[] } {
  const user = ctx.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).get()
  if (!user) return { categories: [], keptReasons: [] }
  const found = personRows(ctx.database.sqlite, user)
  const rowsOf = (table: string) => found.filter((r) => r.table === table).reduce((sum, r) => sum + r.rows.length, 0)
  const categories = privacyPolicy().map((c) => {
    const items = c.items.map((i) => ({ data: i.data, count: rowsOf(i.table) }))
    return { category: c.category, count: items.reduce((sum, i) => sum + i.count, 0), items, purposes: c.purposes, recipients: c.recipients }
  })
  // What the erasure would pseudonymise for this person: only reasons that apply to rows they have.
  const keptReasons = [
    ...new Set(
      privacyRegistry.flatMap((entry) =>
        entry.people.flatMap((link) =>
          link.erase.action === 'pseudonymise' && found.some((r) => r.table === entry.table && r.link === link.column) ? [link.erase.reason] : [],
        ),
      ),
    ),
  ]
  return { categories, keptReasons }
}

/** The person's latest log-ins, newest first. */
export function latestLogins(ctx: AppContext, userId: string, limit = 10) {
  return ctx.db
    .select({ at: loginEvents.at, ip: loginEvents.ip, userAgent: loginEvents.userAgent })
    .from(loginEvents)
    .where(eq(loginEvents.userId, userId))
    .orderBy(desc(loginEvents.at))
    .limit(limit)
    .all()
}

/** The erasure's proof of identity: the account's current password. */
export async function passwordMatches(ctx: AppContext, userId: string, password: string): Promise<boolean> {
  const user = ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()
  return !!user && (await verifyPassword(user.hash, password))
}
