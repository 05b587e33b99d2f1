import type Database from 'better-sqlite3'
import { is } from 'drizzle-orm'
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core'
import * as schema from '../../../db/schema'
import { PRIVACY_DECLARATIONS } from '~/features/privacy/registry.server'
import type { Export, PersonLink, PrivacyDeclarations, PrivacyEntry } from '~/features/privacy/schema'

// Reading a person's rows from the registry (issue #16): what the export writes and what the
// erasure must reach are the same rows, found the same way — by the links each area declared.

/** Who the rows are about: their id, and their address (mails, contact messages, requests). */
export interface Person {
  id: string
  email: string
}

/** A private file a row names, to put in the archive under `path`. */
export interface PersonFile {
  area: string
  storedName: string
  path: string
}

export interface PersonRows {
  area: string
  table: string
  /** The column that links the rows to the person (`author_id`), or `through:<parent>` for rows reached through another table. */
  link: string
  rows: Record<string, unknown>[]
  files: PersonFile[]
}

const drizzleTables = new Map<string, SQLiteTable>()
for (const value of Object.values(schema)) if (is(value, SQLiteTable)) drizzleTables.set(getTableConfig(value).name, value)

function columnsOf(table: string): Map<string, SQLiteColumn> {
  const found = drizzleTables.get(table)
  if (!found) throw new Error(`privacy registry: no table ${table} in db/schema`)
  return new Map(getTableConfig(found).columns.map((c) => [c.name, c]))
}

/** A stored value as the person should read it: dates as ISO strings, booleans as booleans. */
function decoded(column: SQLiteColumn | undefined, value: unknown): unknown {
  if (value === null || value === undefined || !column) return value ?? null
  // lucia's `expires_at` is in seconds and typed as a plain integer: it is a date all the same.
  if (column.name === 'expires_at' && column.columnType === 'SQLiteInteger') return new Date(Number(value) * 1000).toISOString()
  const mapped: unknown = column.mapFromDriverValue(value as never)
  if (mapped instanceof Date) return Number.isNaN(mapped.getTime()) ? null : mapped.toISOString()
  if (Buffer.isBuffer(mapped)) return undefined
  return mapped
}

/**
 * Ids of things the person saw, given their name beside them in the export (`event_id` → `event`):
 * what the page showed them — an event's title and organizer, a group's name, a thread's title,
 * an offer's title. Never another person's private field.
 */
const LABELS: Record<string, { as: string; sql: string }[]> = {
  event_id: [
    { as: 'event', sql: 'select title from events where id = ?' },
    { as: 'event_organizer', sql: "select u.first_name || ' ' || u.last_name from events e join users u on u.id = e.organizer_id where e.id = ?" },
  ],
  group_id: [{ as: 'group', sql: 'select name from groups where id = ?' }],
  thread_id: [{ as: 'thread', sql: 'select title from threads where id = ?' }],
  offer_id: [{ as: 'offer', sql: "select title || ' — ' || company from job_offers where id = ?" }],
}

function labeller(sqlite: Database.Database): (column: string, id: unknown) => [string, unknown][] {
  const statements = new Map<string, Database.Statement>()
  return (column, id) =>
    (LABELS[column] ?? []).map((label) => {
      if (id === null || id === undefined) return [label.as, null]
      let statement = statements.get(label.sql)
      if (!statement) statements.set(label.sql, (statement = sqlite.prepare(label.sql).pluck()))
      return [label.as, statement.get(id) ?? null]
    })
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** The condition that selects a link's rows, and its parameter (the address compared case-blind). */
function whereLink(link: Pick<PersonLink, 'column' | 'holds'>, person: Person): { sql: string; param: string } | null {
  if (link.holds === 'user') return { sql: `${quote(link.column)} = ?`, param: person.id }
  if (link.holds === 'email') return { sql: `lower(${quote(link.column)}) = lower(?)`, param: person.email }
  return null
}

/** A person's public name, as others saw it: never their address or any private field. */
export function publicNames(sqlite: Database.Database): (userId: unknown) => string | null {
  const cache = new Map<string, string | null>()
  const statement = sqlite.prepare<[string], { first_name: string; last_name: string }>('select first_name, last_name from users where id = ?')
  return (userId) => {
    if (typeof userId !== 'string') return null
    if (!cache.has(userId)) {
      const row = statement.get(userId)
      cache.set(userId, row ? `${row.first_name} ${row.last_name}`.trim() : null)
    }
    return cache.get(userId) ?? null
  }
}

function readRows(
  sqlite: Database.Database,
  input: {
    area: string
    entry: PrivacyEntry
    link: string
    spec: Export
    where: string
    params: unknown[]
    names: (id: unknown) => string | null
    labels: (column: string, id: unknown) => [string, unknown][]
  },
): PersonRows | null {
  if (!('columns' in input.spec)) return null
  const { spec, entry } = input
  const columns = columnsOf(entry.table)
  const fileColumns = spec.files ?? []
  const selected = [...new Set([...spec.columns, ...(spec.names ?? []), ...fileColumns.map((f) => f.column)])]
  const raw = sqlite.prepare(`select ${selected.map(quote).join(', ')} from ${quote(entry.table)} where ${input.where}`).all(...input.params) as Record<
    string,
    unknown
  >[]
  const files: PersonFile[] = []
  const rows = raw.map((row) => {
    const out: Record<string, unknown> = {}
    for (const name of spec.columns) {
      const value = decoded(columns.get(name), row[name])
      if (value !== undefined) out[name] = value
      for (const [as, label] of input.labels(name, row[name])) out[as] = label
    }
    for (const name of spec.names ?? []) out[name] = input.names(row[name])
    for (const file of fileColumns) {
      const storedName = row[file.column]
      if (typeof storedName !== 'string' || !storedName) {
        out[file.column] = null
        continue
      }
      const path = `fichiers/${file.area}/${storedName}`
      files.push({ area: file.area, storedName, path })
      out[file.column] = path
    }
    return out
  })
  return { area: input.area, table: entry.table, link: input.link, rows, files }
}

/**
 * Every row the registry links to the person, with the columns each link exports (others'
 * ids replaced by their public names), and the private files those rows name. Links that
 * export nothing (`{ none }`) and text keys (throttles) are left out, as the registry says.
 */
export function personRows(sqlite: Database.Database, person: Person, declarations: Record<string, PrivacyDeclarations> = PRIVACY_DECLARATIONS): PersonRows[] {
  const names = publicNames(sqlite)
  const labels = labeller(sqlite)
  const entries = Object.entries(declarations).flatMap(([area, d]) => d.entries.map((entry) => ({ area, entry })))
  const found: PersonRows[] = []
  for (const { area, entry } of entries) {
    for (const link of entry.people) {
      const where = whereLink(link, person)
      if (!where) continue
      const rows = readRows(sqlite, { area, entry, link: link.column, spec: link.export, where: where.sql, params: [where.param], names, labels })
      if (rows && rows.rows.length > 0) found.push(rows)
    }
    const through = throughCondition(
      entry,
      entries.map((e) => e.entry),
      person,
    )
    if (through && entry.through) {
      const rows = readRows(sqlite, { area, entry, link: `through:${entry.through.table}`, spec: entry.through.export, ...through, names, labels })
      if (rows && rows.rows.length > 0) found.push(rows)
    }
  }
  return found
}

/**
 * The rows of a table that belong to the person through its parent (`appeals` through the
 * decisions about them), by the parent's link the declaration names: a webmaster's decisions do
 * not make the appeals against them the webmaster's data.
 */
export function throughCondition(entry: PrivacyEntry, all: readonly PrivacyEntry[], person: Person): { where: string; params: unknown[] } | null {
  if (!entry.through) return null
  const parent = all.find((e) => e.table === entry.through!.table)
  if (!parent) return null
  const link = parent.people.find((l) => l.column === entry.through!.via)
  const condition = link && whereLink(link, person)
  if (!condition) return null
  return { where: `${quote(entry.through.column)} in (select id from ${quote(parent.table)} where ${condition.sql})`, params: [condition.param] }
}
