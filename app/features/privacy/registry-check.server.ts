import { getTableName, is } from 'drizzle-orm'
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { NotPersonal, PrivacyEntry } from '~/features/privacy/schema'

/** Column names that hold a person's address, name, IP or phone, whatever table they are in. */
export const PERSONAL_COLUMN_NAME =
  /^(e_?mail|.+_email|email_.+|first_name|last_name|full_name|name|.+_name|ip|ip_address|.+_ip|phone|.+_phone|address|.+_address|to|reply_to|recipient)$/

export interface SchemaColumn {
  name: string
  notNull: boolean
  /** A foreign key to `users.id`. */
  refersToUser: boolean
}
export interface SchemaTable {
  name: string
  columns: SchemaColumn[]
}

/** The tables of a drizzle schema module (`import * as schema from 'db/schema'`), as the check reads them. */
export function describeTables(schemaModule: Record<string, unknown>): SchemaTable[] {
  const tables: SchemaTable[] = []
  for (const value of Object.values(schemaModule)) {
    if (!is(value, SQLiteTable)) continue
    const config = getTableConfig(value)
    const userColumns = new Set<string>()
    for (const foreignKey of config.foreignKeys) {
      const reference = foreignKey.reference()
      if (getTableName(reference.foreignTable) !== 'users') continue
      for (const column of reference.columns) userColumns.add(column.name)
    }
    tables.push({
      name: config.name,
      columns: config.columns.map((c) => ({ name: c.name, notNull: c.notNull, refersToUser: userColumns.has(c.name) })),
    })
  }
  return tables
}

export type RegistryProblemKind =
  /** A table with a user column or a personal-looking one, and no declaration. */
  | 'undeclared'
  /** A table neither declared nor listed as holding nothing personal. */
  | 'unlisted'
  | 'declaredTwice'
  | 'unknownTable'
  | 'unknownColumn'
  /** A column referring to `users.id` that the entry does not list among its people. */
  | 'userColumnWithoutLink'
  /** Listed as holding nothing personal, yet it refers to a user, or has a personal-looking column not acknowledged. */
  | 'notReallyNone'
  | 'detachNotNullable'
  | 'noLink'
  /** A dated rule (`after`, `untilExpiry`) the job could not run, or a `while` with a purge the policy does not say. */
  | 'ruleWithoutPurge'
  | 'purgeWithoutRule'

export interface RegistryProblem {
  table: string
  kind: RegistryProblemKind
  columns?: string[]
}

function suspiciousColumns(table: SchemaTable): string[] {
  return table.columns.filter((c) => c.refersToUser || PERSONAL_COLUMN_NAME.test(c.name)).map((c) => c.name)
}

/** Every column an entry names: its links, what they export and anonymise, its parent link. */
function columnsNamed(entry: PrivacyEntry): string[] {
  const names: string[] = []
  if (entry.through) {
    names.push(entry.through.column)
    if ('columns' in entry.through.export) names.push(...entry.through.export.columns)
  }
  for (const link of entry.people) {
    names.push(link.column)
    if ('columns' in link.export) names.push(...link.export.columns, ...(link.export.names ?? []), ...(link.export.files ?? []).map((f) => f.column))
    if (link.erase.action === 'anonymise') names.push(...Object.keys(link.erase.columns))
    if (link.erase.action === 'delete') names.push(...(link.erase.files ?? []).map((f) => f.column))
    if (link.erase.action === 'pseudonymise') names.push(...Object.keys(link.erase.anonymise ?? {}))
  }
  return names
}

/**
 * What is wrong between the database's tables and the registry; empty when every table holding
 * personal data is declared, every declaration names real tables and columns, and every rule
 * the policy states is one the retention job runs.
 */
export function checkRegistry(tables: readonly SchemaTable[], entries: readonly PrivacyEntry[], notPersonal: readonly NotPersonal[]): RegistryProblem[] {
  const problems: RegistryProblem[] = []
  const byName = new Map(tables.map((t) => [t.name, t]))
  for (const table of tables) {
    const declared = entries.filter((e) => e.table === table.name).length + notPersonal.filter((n) => n.table === table.name).length
    const suspicious = suspiciousColumns(table)
    if (declared === 0)
      problems.push(suspicious.length > 0 ? { table: table.name, kind: 'undeclared', columns: suspicious } : { table: table.name, kind: 'unlisted' })
    if (declared > 1) problems.push({ table: table.name, kind: 'declaredTwice' })
  }
  for (const none of notPersonal) {
    const table = byName.get(none.table)
    if (!table) {
      problems.push({ table: none.table, kind: 'unknownTable' })
      continue
    }
    const unexplained = table.columns.filter((c) => c.refersToUser || (PERSONAL_COLUMN_NAME.test(c.name) && !none.columns?.includes(c.name))).map((c) => c.name)
    if (unexplained.length > 0) problems.push({ table: none.table, kind: 'notReallyNone', columns: unexplained })
  }
  for (const entry of entries) {
    const table = byName.get(entry.table)
    if (!table) {
      problems.push({ table: entry.table, kind: 'unknownTable' })
      continue
    }
    const columns = new Map(table.columns.map((c) => [c.name, c]))
    const unknown = [...new Set(columnsNamed(entry).filter((name) => !columns.has(name)))]
    if (unknown.length > 0) problems.push({ table: entry.table, kind: 'unknownColumn', columns: unknown })
    if (entry.through && !byName.has(entry.through.table)) problems.push({ table: entry.through.table, kind: 'unknownTable' })
    const via = entry.through?.via
    if (via && !entries.some((e) => e.table === entry.through!.table && e.people.some((l) => l.column === via)))
      problems.push({ table: entry.table, kind: 'unknownColumn', columns: [via] })
    const linked = new Set(entry.people.map((l) => l.column))
    const unlinked = table.columns.filter((c) => c.refersToUser && !linked.has(c.name)).map((c) => c.name)
    if (unlinked.length > 0) problems.push({ table: entry.table, kind: 'userColumnWithoutLink', columns: unlinked })
    const detachedNotNull = entry.people.filter((l) => l.erase.action === 'detach' && columns.get(l.column)?.notNull).map((l) => l.column)
    if (detachedNotNull.length > 0) problems.push({ table: entry.table, kind: 'detachNotNullable', columns: detachedNotNull })
    if (entry.people.length === 0 && !entry.through) problems.push({ table: entry.table, kind: 'noLink' })
    for (const rule of entry.retention) {
      if (rule.kind !== 'while' && !rule.purge) problems.push({ table: entry.table, kind: 'ruleWithoutPurge' })
      if (rule.kind === 'while' && rule.purge) problems.push({ table: entry.table, kind: 'purgeWithoutRule' })
    }
    if (entry.retention.length === 0) problems.push({ table: entry.table, kind: 'ruleWithoutPurge' })
  }
  return problems
}
