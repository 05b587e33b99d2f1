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

/**
 * `prepare` run once per connection: statements that hot paths run thousands of times are built
 * and prepared the first time, then reused (keyed by the database object, so each process and
 * each test database has its own).
 */
export function preparedOnce<T>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>()
  return (db) => {
    let prepared = cache.get(db)
    if (prepared === undefined) cache.set(db, (prepared = prepare(db)))
    return prepared
  }
}

/**
 * `db/migrations`, found from this module upwards: from the sources (db/client.ts) it is the next
 * folder, from the compiled server (build/server/…) it is the project's.
 */
function findMigrations(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    for (const candidate of [path.join(dir, 'migrations'), path.join(dir, 'db', 'migrations')]) {
      if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate
    }
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('db/migrations not found')
    dir = parent
  }
}
const migrationsFolder = findMigrations()

/** Opens (and creates) the SQLite file, tuned for a web server: WAL, foreign keys, busy timeout. */
export function openDatabase(file: string): AppDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // Deleted and overwritten content is zeroed, not left in free space: a wiped mail body (a voting
  // credential, mail-queue.server.ts) must not survive in the file.
  sqlite.pragma('secure_delete = ON')
  sqlite.pragma('busy_timeout = 5000')
  return { sqlite, db: drizzle(withStatementCache(sqlite), { schema }) }
}

/**
 * The connection as drizzle sees it, with its statements kept: drizzle prepares every query it
 * runs anew (better-sqlite3 keeps nothing), which cost 4 % of a page's CPU in a profile of the
 * thread page. Kept per SQL text, at most 1,000; a statement drizzle left in raw mode (its
 * `values()`) is put back before reuse. Only drizzle gets the cache: code that prepares its own
 * statements on `sqlite` (and sets pluck on them) shares nothing with it.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const statements = new Map<string, Database.Statement>()
  const prepare = (source: string) => {
    const kept = statements.get(source)
    if (kept) {
      if (kept.reader) kept.raw(false)
      return kept
    }
    const statement = sqlite.prepare(source)
    if (statements.size >= 1000) statements.delete(statements.keys().next().value!)
    statements.set(source, statement)
    return statement
  }
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
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
