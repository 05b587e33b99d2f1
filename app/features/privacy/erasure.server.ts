import crypto from 'node:crypto'
import type Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { erasures, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { removePrivateFile } from '~/shared/uploads.server'
import { loadViewer } from '~/features/accounts/accounts.server'
import { publishAccess } from '~/features/accounts/access.server'
import { cancelFutureRegistrations } from '~/features/events/event-tickets.server'
import { throughCondition, type Person } from '~/features/privacy/person-data.server'
import { privacyRegistry } from '~/features/privacy/registry.server'
import type { PersonLink, PrivacyEntry, PrivateFileRef } from '~/features/privacy/schema'

export interface ErasureOutcome {
  /** The pseudonym kept accounting records now point to, if the person had any. */
  pseudonymId: string | null
  /** What was touched, table → action → rows (also in the `erasures` audit log). */
  summary: Record<string, Record<string, number>>
}

/** What the pseudonym of an erased member is called wherever a kept record names it. */
export const FORMER_MEMBER = { firstName: 'Ancien', lastName: 'membre' } as const
/** What an erased address becomes inside the text of kept rows (a mail to someone else that quoted it). */
const ERASED_ADDRESS = '[adresse effacée]'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Erases a person (art. 17), at once. `by`: the webmaster running it for a request (`requestId`);
 * null when the person asked (the route checked their password). Registrations to events to come
 * are cancelled first by the events' rules (places freed, waitlist promoted, paid tickets
 * refunded); then one transaction applies every link of the registry — rows deleted, detached,
 * anonymised, or pseudonymised for the accounting records the law keeps — and scrubs the
 * address from the text of every kept row. Sessions, sockets and the search index follow.
 */
export async function eraseAccount(
  ctx: AppContext,
  input: { userId: string; by: string | null; requestId?: number | null; baseUrl: string },
): Promise<ErasureOutcome> {
  const user = ctx.db.select().from(users).where(eq(users.id, input.userId)).get()
  if (!user || user.status === 'erased') throw new Error('eraseAccount: no such account')
  await cancelPlaces(ctx, input)

  const person: Person = { id: user.id, email: user.email }
  const fullName = `${user.firstName} ${user.lastName}`.trim()
  const sqlite = ctx.database.sqlite
  const files: PrivateFileRef[] = []
  const outcome = ctx.db.transaction(
    (tx): ErasureOutcome => {
      const summary: ErasureOutcome['summary'] = {}
      const count = (table: string, action: string, rows: number) => {
        if (rows > 0) (summary[table] ??= {})[action] = (summary[table]?.[action] ?? 0) + rows
      }
      const pseudonymId = needsPseudonym(sqlite, person) ? createPseudonym(tx, ctx.now()) : null
      // The account's own row last: every other row has let go of it by then.
      const ordered = [...privacyRegistry.filter((e) => e.table !== 'users'), ...privacyRegistry.filter((e) => e.table === 'users')]
      for (const entry of ordered) {
        const through = throughCondition(entry, privacyRegistry, person)
        if (through) count(entry.table, 'delete', sqlite.prepare(`delete from ${quote(entry.table)} where ${through.where}`).run(...through.params).changes)
        for (const link of entry.people) {
          const applied = applyLink(sqlite, entry, link, person, pseudonymId, files)
          if (applied) count(entry.table, applied.action, applied.rows)
        }
      }
      for (const [table, rows] of scrubAddress(sqlite, person.email, fullName)) count(table, 'scrub', rows)
      tx.insert(erasures)
        .values({
          at: ctx.now(),
          via: input.by ? 'request' : 'self',
          requestId: input.requestId ?? null,
          actorId: input.by,
          pseudonymId,
          summary: JSON.stringify(summary),
        })
        .run()
      return { pseudonymId, summary }
    },
    { behavior: 'immediate' },
  )
  // After the commit: sockets close and the search index forgets the person (server/realtime, server/search-sync).
  publishAccess(ctx, { type: 'account:deactivated', payload: { userId: user.id } })
  for (const file of files) await removePrivateFile(ctx.config.DATA_DIR, file.area, file.storedName)
  ctx.logger.info({ via: input.by ? 'request' : 'self', tables: Object.keys(outcome.summary).length }, 'privacy: an account was erased')
  return outcome
}

/** Future places go by the events' own rules, as if the person cancelled them (a webmaster's request: as the webmaster). */
async function cancelPlaces(ctx: AppContext, input: { userId: string; by: string | null; baseUrl: string }) {
  const actor = loadViewer(ctx, input.by ?? input.userId)
  if (!actor) return
  const { failed } = await cancelFutureRegistrations(ctx, { userId: input.userId, by: actor, baseUrl: input.baseUrl })
  // Past its deadline or refused by the payment provider: the place stays, pseudonymised like any ticket.
  if (failed.length > 0) ctx.logger.warn({ failed }, 'privacy: registrations could not be cancelled at erasure')
}

function whereOf(link: PersonLink, person: Person): { sql: string; params: string[] } {
  const column = quote(link.column)
  if (link.holds === 'user') return { sql: `${column} = ?`, params: [person.id] }
  if (link.holds === 'email') return { sql: `lower(${column}) = lower(?)`, params: [person.email] }
  // A text key (a throttle's `login:account:<address>`): any that names the address or the id.
  return { sql: `(instr(lower(${column}), lower(?)) > 0 or instr(${column}, ?) > 0)`, params: [person.email, person.id] }
}

function needsPseudonym(sqlite: Database.Database, person: Person): boolean {
  return privacyRegistry.some((entry) =>
    entry.people.some((link) => {
      if (link.erase.action !== 'pseudonymise') return false
      const where = whereOf(link, person)
      return sqlite.prepare(`select 1 from ${quote(entry.table)} where ${where.sql} limit 1`).get(...where.params) !== undefined
    }),
  )
}

/** The stand-in kept records point to: « Ancien membre », no address anyone owns, no password, never listed. */
function createPseudonym(tx: Pick<AppContext['db'], 'insert'>, now: Date): string {
  const random = crypto.randomBytes(12).toString('hex')
  const id = `erased_${random}`
  tx.insert(users)
    .values({ id, email: `${random}@efface.invalid`, passwordHash: '!', ...FORMER_MEMBER, status: 'erased', role: 'user', locale: 'fr', createdAt: now })
    .run()
  return id
}

function applyLink(
  sqlite: Database.Database,
  entry: PrivacyEntry,
  link: PersonLink,
  person: Person,
  pseudonymId: string | null,
  files: PrivateFileRef[],
): { action: string; rows: number } | null {
  const where = whereOf(link, person)
  const table = quote(entry.table)
  const erase = link.erase
  switch (erase.action) {
    case 'delete': {
      const fileColumns = [...('files' in link.export ? (link.export.files ?? []) : []), ...(erase.files ?? [])]
      for (const file of fileColumns) {
        const named = sqlite.prepare(`select ${quote(file.column)} as stored from ${table} where ${where.sql}`).all(...where.params) as { stored: unknown }[]
        for (const row of named) if (typeof row.stored === 'string' && row.stored) files.push({ area: file.area, storedName: row.stored })
      }
      return { action: 'delete', rows: sqlite.prepare(`delete from ${table} where ${where.sql}`).run(...where.params).changes }
    }
    case 'detach':
      return { action: 'detach', rows: sqlite.prepare(`update ${table} set ${quote(link.column)} = null where ${where.sql}`).run(...where.params).changes }
    case 'anonymise': {
      const columns = Object.entries(erase.columns)
      const set = columns.map(([column]) => `${quote(column)} = ?`).join(', ')
      const values = columns.map(([, value]) => value)
      return { action: 'anonymise', rows: sqlite.prepare(`update ${table} set ${set} where ${where.sql}`).run(...values, ...where.params).changes }
    }
    case 'pseudonymise': {
      if (!pseudonymId) return null
      const blanks = Object.entries(erase.anonymise ?? {})
      const set = [quote(link.column), ...blanks.map(([column]) => quote(column))].map((column) => `${column} = ?`).join(', ')
      const values = [pseudonymId, ...blanks.map(([, value]) => value)]
      return { action: 'pseudonymise', rows: sqlite.prepare(`update ${table} set ${set} where ${where.sql}`).run(...values, ...where.params).changes }
    }
  }
}

/**
 * The address (and, in the mail queue, the name) inside the text of rows that are not the
 * person's own: a mail to a classmate that quoted them, a log line's details. Every text column
 * of every table is looked at, so that a dump of the database no longer holds the address.
 * A name is replaced only in mails, where it certainly is this person: elsewhere it may be a namesake's.
 */
function scrubAddress(sqlite: Database.Database, email: string, fullName: string): Map<string, number> {
  const touched = new Map<string, number>()
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`).all() as {
    name: string
  }[]
  for (const { name } of tables) {
    const columns = (sqlite.prepare(`select name, type from pragma_table_info(?)`).all(name) as { name: string; type: string }[]).filter((c) =>
      /TEXT/i.test(c.type),
    )
    for (const column of columns) {
      const c = quote(column.name)
      const changes = sqlite
        .prepare(`update ${quote(name)} set ${c} = replace(replace(${c}, ?, ?), lower(?), ?) where instr(lower(${c}), lower(?)) > 0`)
        .run(email, ERASED_ADDRESS, email, ERASED_ADDRESS, email).changes
      if (changes > 0) touched.set(name, (touched.get(name) ?? 0) + changes)
    }
  }
  if (fullName.length > 3) {
    const changes = sqlite
      .prepare(
        `update outbox set subject = replace(subject, @name, @former), text = replace(text, @name, @former), html = replace(html, @name, @former), params = replace(params, @name, @former)
         where instr(subject, @name) > 0 or instr(text, @name) > 0 or instr(html, @name) > 0 or instr(params, @name) > 0`,
      )
      .run({ name: fullName, former: `${FORMER_MEMBER.firstName} ${FORMER_MEMBER.lastName}` }).changes
    if (changes > 0) touched.set('outbox', (touched.get('outbox') ?? 0) + changes)
  }
  return touched
}
