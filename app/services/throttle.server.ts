import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { throttles } from '../../db/schema'

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

/** Milliseconds until `key` may try again, or 0 when it is not blocked. */
export function retryAfter(db: Db, key: string, rule: ThrottleRule, now: Date): number {
  const row = db.select().from(throttles).where(eq(throttles.key, key)).get()
  if (!row) return 0
  const windowEnd = row.windowStart.getTime() + rule.windowMs
  if (windowEnd <= now.getTime() || row.count < rule.limit) return 0
  return windowEnd - now.getTime()
}

/** Counts one attempt in a fixed window; returns the count so far in this window. */
export function hit(db: Db, key: string, rule: ThrottleRule, now: Date): number {
  return db.transaction((tx) => {
    const row = tx.select().from(throttles).where(eq(throttles.key, key)).get()
    if (!row || row.windowStart.getTime() + rule.windowMs <= now.getTime()) {
      tx.insert(throttles)
        .values({ key, count: 1, windowStart: now })
        .onConflictDoUpdate({ target: throttles.key, set: { count: 1, windowStart: now } })
        .run()
      return 1
    }
    tx.update(throttles)
      .set({ count: row.count + 1 })
      .where(eq(throttles.key, key))
      .run()
    return row.count + 1
  })
}

export function clear(db: Db, key: string) {
  db.delete(throttles).where(eq(throttles.key, key)).run()
}

export function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000))
}
