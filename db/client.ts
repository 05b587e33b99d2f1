import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema>
export interface AppDatabase {
  sqlite: Database.Database
  db: Db
}
export { schema }

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Opens (and creates) the SQLite file, tuned for a web server: WAL, foreign keys, busy timeout. */
export function openDatabase(file: string): AppDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return { sqlite, db: drizzle(sqlite, { schema }) }
}

export function migrateDatabase({ db }: AppDatabase) {
  migrate(db, { migrationsFolder })
}

export function checkDatabase({ sqlite }: AppDatabase): boolean {
  try {
    return sqlite.prepare('select 1 as ok').get() !== undefined
  } catch {
    return false
  }
}
