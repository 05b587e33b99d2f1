import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { throttles } from '../../../db/schema'

export interface ThrottleRule {
  limit: number
  windowMs: number
}

export const rules = {
  loginPerAccount: { limit: 5, windowMs: 15 * 60_000 },
  loginPerIp: { limit: 30, windowMs: 15 * 60_000 },
  resetPerAccount: { limit: 3, windowMs: 60 * 60_000 },
  resetPerIp: { limit: 10, windowMs: 60 * 60_000 },
  signupPerIp: { limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, ThrottleRule>

export interface ThrottleCheck {
  key: string
  rule: ThrottleRule
}

/**
 * Counts one attempt against every check, or none: returns 0 when the attempt is allowed (and
 * already counted), else the milliseconds until it may be tried again (and nothing is counted).
 * The caller does the slow part (argon2, a mail) only after this: a check before the work and a
 * count after it let a burst of simultaneous requests all pass the check.
 */
export function reserveAttempt(db: Db, checks: ThrottleCheck[], now: Date): number {
  // IMMEDIATE takes the write lock before reading, so that another process cannot read the same
  // count between our read and our write (a deferred transaction would fail with SQLITE_BUSY).
  return db.transaction(
    (tx) => {
      let wait = 0
      for (const { key, rule } of checks) {
        const row = tx.select().from(throttles).where(eq(throttles.key, key)).get()
        const windowEnd = row ? row.windowStart.getTime() + rule.windowMs : 0
        if (row && windowEnd > now.getTime() && row.count >= rule.limit) wait = Math.max(wait, windowEnd - now.getTime())
      }
      if (wait > 0) return wait
      for (const { key, rule } of checks) hitIn(tx, key, rule, now)
      return 0
    },
    { behavior: 'immediate' },
  )
}

/** Gives back an attempt reserved by `reserveAttempt` that turned out not to be a failure. */
export function release(db: Db, key: string) {
  db.update(throttles)
    .set({ count: sql`max(${throttles.count} - 1, 0)` })
    .where(eq(throttles.key, key))
    .run()
}

/** Counts one attempt in a fixed window; returns the count so far in this window. */
export function hit(db: Db, key: string, rule: ThrottleRule, now: Date): number {
  return hitIn(db, key, rule, now)
}

type Writer = Pick<Db, 'insert'>

// One statement, so atomic on its own: a new or expired window starts at 1, else the count grows.
// SQLite evaluates every SET expression against the row as it was before the update.
function hitIn(db: Writer, key: string, rule: ThrottleRule, now: Date): number {
  const expired = sql`${throttles.windowStart} + ${rule.windowMs} <= ${now.getTime()}`
  const row = db
    .insert(throttles)
    .values({ key, count: 1, windowStart: now })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        count: sql`case when ${expired} then 1 else ${throttles.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now.getTime()} else ${throttles.windowStart} end`,
      },
    })
    .returning({ count: throttles.count })
    .get()
  return row.count
}

export function clear(db: Db, key: string) {
  db.delete(throttles).where(eq(throttles.key, key)).run()
}

export function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000))
}
