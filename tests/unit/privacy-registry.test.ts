import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as schema from '../../db/schema'
import { notPersonalTables, privacyRegistry } from '../../app/features/privacy/registry.server'
import { checkRegistry, describeTables } from '../../app/features/privacy/registry-check.server'
import type { PrivacyEntry } from '../../app/features/privacy/schema'

// The registry of issue #16 against the real drizzle schema: every table exported from
// db/schema/index.ts is either declared (with every column that refers to a user) or listed as
// holding nothing personal, and every declaration names real tables and columns.
const tables = describeTables(schema)

/** A table a new feature might add, holding a user's id and an address, with no declaration. */
const fixtureBookmarks = sqliteTable('bookmarks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: text('user_id')
    .notNull()
    .references(() => schema.users.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
})
/** One with no foreign key, only a column whose name says it holds a phone number. */
const fixtureCallbacks = sqliteTable('callbacks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  phone: text('phone').notNull(),
})

const entryOf = (table: string) => privacyRegistry.find((e) => e.table === table)!

describe('the privacy registry', () => {
  it('reads every table of the schema', () => {
    expect(tables.length).toBeGreaterThanOrEqual(40)
    const users = tables.find((t) => t.name === 'users')!
    expect(users.columns.map((c) => c.name)).toContain('email')
    const payments = tables.find((t) => t.name === 'payments')!
    expect(payments.columns.filter((c) => c.refersToUser).map((c) => c.name)).toEqual(['user_id', 'recorded_by'])
  })

  it('declares every table of db/schema, and names only tables and columns that exist', () => {
    expect(checkRegistry(tables, privacyRegistry, notPersonalTables)).toEqual([])
  })

  it('reports a new table with a user column and no declaration', () => {
    const withFixtures = describeTables({ ...schema, fixtureBookmarks, fixtureCallbacks })
    expect(checkRegistry(withFixtures, privacyRegistry, notPersonalTables)).toEqual([
      { table: 'bookmarks', kind: 'undeclared', columns: ['user_id'] },
      { table: 'callbacks', kind: 'undeclared', columns: ['phone'] },
    ])
  })

  it('reports a new user column in a declared table that its entry does not link', () => {
    const payments = sqliteTable('payments', {
      id: text('id').primaryKey(),
      userId: text('user_id').references(() => schema.users.id),
      recordedBy: text('recorded_by').references(() => schema.users.id),
      refundedBy: text('refunded_by').references(() => schema.users.id),
    })
    const problems = checkRegistry(describeTables({ payments }), [entryOf('payments')], [])
    expect(problems).toContainEqual({ table: 'payments', kind: 'userColumnWithoutLink', columns: ['refunded_by'] })
  })

  it('reports a declaration naming a table or a column that does not exist', () => {
    const sessions = entryOf('sessions')
    const misspelt: PrivacyEntry[] = [
      { ...sessions, table: 'sesions' },
      { ...sessions, people: [{ ...sessions.people[0]!, export: { columns: ['expires_at', 'ip_adress'] } }] },
    ]
    const problems = checkRegistry(tables, misspelt, notPersonalTables)
    expect(problems).toContainEqual({ table: 'sesions', kind: 'unknownTable' })
    expect(problems).toContainEqual({ table: 'sessions', kind: 'unknownColumn', columns: ['ip_adress'] })
  })

  it('refuses to call a table with a user column « not personal », and a detach on a column that cannot be null', () => {
    const problems = checkRegistry(
      tables,
      [{ ...entryOf('events'), people: [{ ...entryOf('events').people[0]!, erase: { action: 'detach' } }] }],
      [{ table: 'sessions', why: 'privacy.none.jobRuns' }],
    )
    expect(problems).toContainEqual({ table: 'sessions', kind: 'notReallyNone', columns: ['user_id'] })
    expect(problems).toContainEqual({ table: 'events', kind: 'detachNotNullable', columns: ['organizer_id'] })
  })

  it('gives every dated rule a purge the job runs, and none to the rules kept « as long as »', () => {
    const noPurge: PrivacyEntry = { ...entryOf('contact_messages'), retention: [{ kind: 'after', duration: { years: 1 }, since: 'privacy.since.sending' }] }
    expect(checkRegistry(tables, [noPurge], [])).toContainEqual({ table: 'contact_messages', kind: 'ruleWithoutPurge' })
    for (const entry of privacyRegistry) for (const rule of entry.retention) expect(rule.kind === 'while', entry.table).toBe(!rule.purge)
  })

  it('keeps the issue’s retention periods', () => {
    const periods = Object.fromEntries(privacyRegistry.flatMap((e) => e.retention.map((r, i) => [`${e.table}#${i}`, r.kind === 'after' ? r.duration : r.kind])))
    expect(periods).toMatchObject({
      'sessions#0': 'untilExpiry',
      'throttles#0': { days: 1 },
      'outbox#0': { days: 90 },
      'contact_messages#0': { years: 1 },
      'contact_requests#0': { years: 1 },
      'job_applications#0': { years: 2 },
      'student_proofs#0': { years: 1 },
      'reports#0': { years: 1 },
      'payments#0': { years: 10 },
    })
  })
})
