import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { BackupError, openArchiveOutput } from './archive'
import {
  DATABASE_ENTRY,
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  PRIVATE_PREFIX,
  README_ENTRY,
  README_TEXT,
  SECRET_ENTRY,
  appVersion,
  type Manifest,
  type ManifestFile,
} from './manifest'
import { createTarWriter } from './tar'

export interface BackupOptions {
  databasePath: string
  dataDir: string
  /** The archive to write (`….tar.gz`, or `….tar.gz.age` when encrypted). */
  out: string
  /** An age public key (`age1…`): the archive is encrypted for it. */
  recipient?: string
  now?: () => Date
}

export interface BackupResult {
  file: string
  bytes: number
  encrypted: boolean
  createdAt: Date
  manifest: Manifest
  /** Time spent copying the database (the one moment the snapshot is taken), and in all. */
  snapshotMs: number
  ms: number
}

/**
 * Copies the live database with SQLite's online backup API, in one step: the whole copy reads one
 * snapshot (a WAL read transaction), so writers in this or another process carry on and every
 * transaction committed before the step is in the copy. In several steps, a write from another
 * connection between two steps restarts the copy, and a busy site could keep restarting it.
 */
async function snapshotDatabase(databasePath: string, snapshot: string) {
  if (!fs.existsSync(databasePath)) {
    throw new BackupError(`base introuvable : ${databasePath} (DATABASE_PATH) — database not found: ${databasePath} (DATABASE_PATH)`)
  }
  const source = new Database(databasePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    await source.backup(snapshot, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  // The copy carries the live file's WAL flag; a rollback-journal file opens anywhere, read-only too.
  const copy = new Database(snapshot, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
    const problems = (copy.pragma('quick_check(10)') as { quick_check: string }[]).map((r) => r.quick_check).filter((l) => l !== 'ok')
    const tableNames = copy.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[]
    const tables: Record<string, number> = {}
    for (const name of tableNames)
      tables[name] = copy
        .prepare(`select count(*) from "${name.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number
    const migrations = tableNames.includes('__drizzle_migrations')
      ? (copy.prepare('select count(*) as count, max(created_at) as last from __drizzle_migrations').get() as { count: number; last: number | null })
      : { count: 0, last: null }
    return { quickCheck: problems.length ? problems.join(' ; ') : 'ok', tables, migrations }
  } finally {
    copy.close()
  }
}

/** Every regular file under DATA_DIR/private, as archive paths, sorted (symbolic links are not followed). */
async function privateFiles(dataDir: string): Promise<{ entry: string; file: string }[]> {
  const root = path.join(dataDir, 'private')
  const found: { entry: string; file: string }[] = []
  async function walk(dir: string, prefix: string) {
    let items: fs.Dirent[]
    try {
      items = await fsp.readdir(dir, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const item of items.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) await walk(full, `${prefix}${item.name}/`)
      else if (item.isFile()) found.push({ entry: `${prefix}${item.name}`, file: full })
    }
  }
  await walk(root, PRIVATE_PREFIX)
  return found
}

/**
 * A still copy of a private file: a hard link (instant; uploads are written once under a new name
 * and never rewritten, so the link keeps the bytes even if the file is deleted meanwhile), or a
 * copy where links are not possible. False when the file went away before it could be taken.
 */
async function freeze(file: string, still: string): Promise<boolean> {
  await fsp.mkdir(path.dirname(still), { recursive: true, mode: 0o700 })
  try {
    await fsp.link(file, still)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
  }
  try {
    await fsp.copyFile(file, still, fs.constants.COPYFILE_FICLONE)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash('sha256')
  let size = 0
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    size += chunk.length
  }
  return { size, sha256: hash.digest('hex') }
}

/** Streams a file into the archive, checking it still has the bytes the manifest announced. */
async function* checked(file: string, expected: ManifestFile): AsyncGenerator<Buffer> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    yield chunk
  }
  if (hash.digest('hex') !== expected.sha256)
    throw new BackupError(`${expected.path} a changé pendant la sauvegarde — ${expected.path} changed during the backup`)
}

/** Leftovers of a backup that was interrupted (the process stopped in the middle). */
async function removeStaleStaging(dir: string, prefix: string, now: number) {
  const names = await fsp.readdir(dir).catch(() => [] as string[])
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const stat = await fsp.stat(path.join(dir, name)).catch(() => null)
    if (stat && now - stat.mtimeMs > 24 * 3600_000) await fsp.rm(path.join(dir, name), { recursive: true, force: true })
  }
}

/**
 * One consistent archive of the site, taken while it serves: `manifest.json` first (every other
 * file's size and SHA-256, so a reader checks each file as it comes), a readme, the database
 * snapshot, DATA_DIR's generated secret and its private files.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now()
  const createdAt = (options.now ?? (() => new Date()))()
  const databasePath = path.resolve(options.databasePath)
  const dataDir = path.resolve(options.dataDir)
  const token = crypto.randomBytes(6).toString('hex')
  // Next to the live database and in DATA_DIR: the plain copies stay where the plain data already
  // are, even when the archive itself is encrypted for another place.
  const snapshot = path.join(path.dirname(databasePath), `.backup-${token}.db`)
  const staging = path.join(dataDir, `.backup-${token}`)
  await removeStaleStaging(path.dirname(databasePath), '.backup-', started)
  await removeStaleStaging(dataDir, '.backup-', started)
  const output = await openArchiveOutput(options.out, { recipient: options.recipient })
  try {
    const snapshotStarted = Date.now()
    const database = await snapshotDatabase(databasePath, snapshot)
    const snapshotMs = Date.now() - snapshotStarted
    const sources = new Map<string, string | Buffer>()
    const files: ManifestFile[] = []
    const readme = Buffer.from(README_TEXT)
    files.push({ path: README_ENTRY, size: readme.length, sha256: crypto.createHash('sha256').update(readme).digest('hex') })
    sources.set(README_ENTRY, readme)
    files.push({ path: DATABASE_ENTRY, ...(await hashFile(snapshot)) })
    sources.set(DATABASE_ENTRY, snapshot)
    const secret = await fsp.readFile(path.join(dataDir, SECRET_ENTRY)).catch(() => null)
    if (secret) {
      files.push({ path: SECRET_ENTRY, size: secret.length, sha256: crypto.createHash('sha256').update(secret).digest('hex') })
      sources.set(SECRET_ENTRY, secret)
    }
    // Private files after the database: a row committed before the snapshot points at a file
    // written before it (uploads are stored before their row), so that file is here.
    for (const { entry, file } of await privateFiles(dataDir)) {
      const still = path.join(staging, ...entry.split('/'))
      if (!(await freeze(file, still))) continue
      files.push({ path: entry, ...(await hashFile(still)) })
      sources.set(entry, still)
    }

    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      app: appVersion(),
      schema: { migrations: database.migrations.count, lastMigrationAt: database.migrations.last },
      database: { path: DATABASE_ENTRY, quickCheck: database.quickCheck, tables: database.tables },
      encrypted: Boolean(options.recipient),
      files,
    }
    const tar = createTarWriter(output.stream)
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n')
    await tar.addFile({ path: MANIFEST_ENTRY, size: manifestBytes.length, mtime: createdAt }, manifestBytes)
    for (const file of files) {
      const source = sources.get(file.path)!
      await tar.addFile({ path: file.path, size: file.size, mtime: createdAt }, Buffer.isBuffer(source) ? source : checked(source, file))
    }
    await tar.finish()
    const bytes = await output.finish()
    return { file: options.out, bytes, encrypted: manifest.encrypted, createdAt, manifest, snapshotMs, ms: Date.now() - started }
  } catch (error) {
    await output.abort()
    throw error
  } finally {
    await fsp.rm(snapshot, { force: true })
    await fsp.rm(`${snapshot}-journal`, { force: true })
    await fsp.rm(staging, { recursive: true, force: true })
  }
}
