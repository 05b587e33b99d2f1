import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { BackupError, openArchiveInput, syncDirectory } from './archive'
import { DATABASE_ENTRY, MANIFEST_ENTRY, README_ENTRY, SECRET_ENTRY, isAllowedEntry, manifestSchema, shippedMigrations, type Manifest } from './manifest'
import { readTar } from './tar'

export interface RestoreOptions {
  archive: string
  databasePath: string
  dataDir: string
  /** Replace what is there (kept aside as `….before-restore-<time>`) instead of refusing. */
  force?: boolean
  /** age identities (`AGE-SECRET-KEY-1…`) for an encrypted archive. */
  identities?: string[]
  now?: () => Date
}

export interface RestoreResult {
  manifest: Manifest
  database: { path: string; bytes: number; integrity: 'ok'; tables: Record<string, number> }
  privateFiles: { count: number; bytes: number }
  /** What `--force` moved aside. */
  keptAside: string[]
  warnings: string[]
}

const refused = (fr: string, en: string, file?: string) => new BackupError(`${fr} — ${en}`, file)
const sha256 = () => crypto.createHash('sha256')

/** What a restore would overwrite: a database, private files, a generated secret. */
function occupied(databasePath: string, dataDir: string): string[] {
  const found: string[] = []
  for (const file of [databasePath, `${databasePath}-wal`]) {
    if (fs.existsSync(file) && fs.statSync(file).size > 0) found.push(file)
  }
  const privateDir = path.join(dataDir, 'private')
  if (fs.existsSync(privateDir) && fs.readdirSync(privateDir).length > 0) found.push(privateDir)
  const secret = path.join(dataDir, SECRET_ENTRY)
  if (fs.existsSync(secret)) found.push(secret)
  return found
}

interface Seen {
  size: number
  sha256: string
}

function parseManifest(text: string): Manifest {
  try {
    return manifestSchema.parse(JSON.parse(text))
  } catch {
    throw refused('manifest.json illisible ou d’un autre format', 'manifest.json is unreadable or of another format', MANIFEST_ENTRY)
  }
}

function mismatch(file: string) {
  return refused(`somme de contrôle fausse pour ${file} : l’archive est altérée`, `checksum mismatch for ${file}: the archive was altered`, file)
}

type Sink = (entry: string) => Promise<{ write(chunk: Buffer): Promise<void>; end(): Promise<void>; abort(): Promise<void> }>

/**
 * Reads the whole archive once. `sink` (when given) receives each entry's bytes as they come.
 * The manifest comes first, so each file is checked against it as soon as it is read: a damaged
 * or altered archive names the file at fault.
 */
async function readArchive(options: RestoreOptions, sink?: Sink) {
  const tarBytes = await openArchiveInput(options.archive, { identities: options.identities })
  const seen = new Map<string, Seen>()
  let manifest: Manifest | undefined
  let current: string | undefined
  try {
    for await (const entry of readTar(tarBytes)) {
      current = entry.path
      if (entry.type === 'directory') continue
      if (entry.type !== 'file' || !isAllowedEntry(entry.path)) {
        throw refused(`l’archive contient un élément inattendu : ${entry.path}`, `the archive holds an unexpected entry: ${entry.path}`, entry.path)
      }
      if (seen.has(entry.path)) throw refused(`fichier en double dans l’archive : ${entry.path}`, `duplicate entry in the archive: ${entry.path}`, entry.path)
      const isManifest = entry.path === MANIFEST_ENTRY
      if (isManifest && entry.size > 64 * 1024 * 1024) throw refused('manifest.json démesuré', 'manifest.json is oversized', entry.path)
      const expected = manifest?.files.find((f) => f.path === entry.path)
      if (manifest && !expected) throw refused(`fichier absent du manifeste : ${entry.path}`, `file not listed in the manifest: ${entry.path}`, entry.path)
      if (expected && expected.size !== entry.size) throw mismatch(entry.path)
      const hash = sha256()
      const chunks: Buffer[] = []
      const out = sink && !isManifest && entry.path !== README_ENTRY ? await sink(entry.path) : undefined
      let size = 0
      try {
        for await (const chunk of entry.body) {
          hash.update(chunk)
          size += chunk.length
          if (isManifest) chunks.push(Buffer.from(chunk))
          if (out) await out.write(chunk)
        }
      } catch (error) {
        await out?.abort()
        throw error
      }
      await out?.end()
      const actual = { size, sha256: hash.digest('hex') }
      if (expected && (expected.size !== actual.size || expected.sha256 !== actual.sha256)) throw mismatch(entry.path)
      if (isManifest) manifest = parseManifest(Buffer.concat(chunks).toString('utf8'))
      seen.set(entry.path, actual)
    }
  } catch (error) {
    if (error instanceof BackupError) throw error
    const where = current ? ` (${current})` : ''
    const reason = (error as Error).message
    throw refused(`archive endommagée${where} : ${reason}`, `damaged archive${where}: ${reason}`, current)
  }
  if (!manifest) throw refused('l’archive n’a pas de manifest.json', 'the archive has no manifest.json', MANIFEST_ENTRY)
  return { manifest, seen }
}

/** Every file the manifest lists is there with its size and SHA-256, and nothing else is. */
function checkAgainstManifest(manifest: Manifest, seen: Map<string, Seen>) {
  const listed = new Map(manifest.files.map((f) => [f.path, f]))
  if (!listed.has(DATABASE_ENTRY)) throw refused('le manifeste ne liste pas amicale.db', 'the manifest does not list amicale.db', DATABASE_ENTRY)
  for (const file of manifest.files) {
    const actual = seen.get(file.path)
    if (!actual) throw refused(`fichier manquant dans l’archive : ${file.path}`, `file missing from the archive: ${file.path}`, file.path)
    if (actual.size !== file.size || actual.sha256 !== file.sha256) {
      throw refused(
        `somme de contrôle fausse pour ${file.path} : l’archive est altérée`,
        `checksum mismatch for ${file.path}: the archive was altered`,
        file.path,
      )
    }
  }
  for (const name of seen.keys()) {
    if (name !== MANIFEST_ENTRY && !listed.has(name)) {
      throw refused(`fichier absent du manifeste : ${name}`, `file not listed in the manifest: ${name}`, name)
    }
  }
}

/** Where each entry is written first: temporary names, renamed into place once all is checked. */
function stagingPaths(options: RestoreOptions, token: string) {
  const databasePath = path.resolve(options.databasePath)
  const staging = path.join(path.resolve(options.dataDir), `.restore-${token}`)
  return {
    staging,
    database: `${databasePath}.restore-${token}`,
    entry: (name: string) => (name === DATABASE_ENTRY ? `${databasePath}.restore-${token}` : path.join(staging, ...name.split('/'))),
  }
}

function integrityCheck(file: string): { problems: string[]; tables: Record<string, number>; migrations: number } {
  const db = new Database(file, { fileMustExist: true })
  try {
    const problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((l) => l !== 'ok')
    const names = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[]
    const tables: Record<string, number> = {}
    for (const name of names)
      tables[name] = db
        .prepare(`select count(*) from "${name.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number
    const migrations = names.includes('__drizzle_migrations') ? (db.prepare('select count(*) from __drizzle_migrations').pluck().get() as number) : 0
    return { problems, tables, migrations }
  } catch (error) {
    return { problems: [(error as Error).message], tables: {}, migrations: 0 }
  } finally {
    db.close()
  }
}

/** Moves `file` to `file.before-restore-<stamp>` when it exists; the database keeps its -wal/-shm pair. */
async function moveAside(file: string, stamp: string, kept: string[]) {
  if (!fs.existsSync(file)) return
  if (fs.statSync(file).isDirectory() && fs.readdirSync(file).length === 0) return fsp.rmdir(file)
  const target = `${file}.before-restore-${stamp}`
  await fsp.rename(file, target)
  kept.push(target)
}

/**
 * Restores an archive into DATABASE_PATH and DATA_DIR. Refuses a target that already holds a site
 * unless `force`; reads the archive a first time to check every size and SHA-256 before writing
 * anything, then extracts it to temporary names (checking again), runs `PRAGMA integrity_check`
 * on the restored database, and only then renames everything into place.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const databasePath = path.resolve(options.databasePath)
  const dataDir = path.resolve(options.dataDir)
  const taken = occupied(databasePath, dataDir)
  if (taken.length && !options.force) {
    throw refused(
      `la cible n’est pas vide (${taken.join(', ')}) ; arrêtez le site et ajoutez --force pour la remplacer (l’existant est gardé à côté)`,
      `the target is not empty; stop the site and add --force to replace it (what is there is kept aside)`,
    )
  }

  // First pass: nothing is written until every checksum is right.
  const first = await readArchive(options)
  checkAgainstManifest(first.manifest, first.seen)

  const token = crypto.randomBytes(6).toString('hex')
  const paths = stagingPaths({ ...options, databasePath, dataDir }, token)
  try {
    await fsp.mkdir(path.dirname(databasePath), { recursive: true })
    await fsp.mkdir(paths.staging, { recursive: true, mode: 0o700 })
    // Second pass: the bytes written are hashed again (the archive could change between passes).
    const second = await readArchive(options, async (entry) => {
      const target = paths.entry(entry)
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      const handle = await fsp.open(target, 'wx', 0o600)
      return {
        write: async (chunk) => void (await handle.write(chunk)),
        end: async () => {
          await handle.sync()
          await handle.close()
        },
        abort: () => handle.close(),
      }
    })
    checkAgainstManifest(second.manifest, second.seen)
    const manifest = second.manifest

    const check = integrityCheck(paths.database)
    if (check.problems.length) {
      throw refused(
        `PRAGMA integrity_check a échoué sur la base restaurée : ${check.problems.join(' ; ')}`,
        `PRAGMA integrity_check failed on the restored database`,
        DATABASE_ENTRY,
      )
    }
    const warnings: string[] = []
    for (const [table, rows] of Object.entries(manifest.database.tables)) {
      if (check.tables[table] !== rows) {
        throw refused(
          `la table ${table} a ${check.tables[table] ?? 0} lignes au lieu de ${rows}`,
          `table ${table} has ${check.tables[table] ?? 0} rows instead of ${rows}`,
          DATABASE_ENTRY,
        )
      }
    }
    if (manifest.database.quickCheck !== 'ok') warnings.push(`la base signalait déjà un problème lors de la sauvegarde : ${manifest.database.quickCheck}`)
    const shipped = shippedMigrations()
    if (shipped !== undefined && check.migrations > shipped) {
      warnings.push(
        `cette sauvegarde vient d’une version plus récente (${check.migrations} migrations, ${shipped} ici) : installez cette version avant de démarrer — the backup comes from a newer version`,
      )
    }

    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    const keptAside: string[] = []
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(databasePath + suffix)) {
        // The pair keeps SQLite's naming (`x.before-restore-…` and `x.before-restore-…-wal`).
        const target = `${databasePath}.before-restore-${stamp}${suffix}`
        await fsp.rename(databasePath + suffix, target)
        keptAside.push(target)
      }
    }
    await moveAside(path.join(dataDir, 'private'), stamp, keptAside)
    await moveAside(path.join(dataDir, SECRET_ENTRY), stamp, keptAside)

    let privateCount = 0
    let privateBytes = 0
    for (const file of manifest.files) {
      if (file.path.startsWith('private/')) {
        privateCount++
        privateBytes += file.size
      }
    }
    if (fs.existsSync(path.join(paths.staging, 'private'))) await fsp.rename(path.join(paths.staging, 'private'), path.join(dataDir, 'private'))
    if (fs.existsSync(path.join(paths.staging, SECRET_ENTRY))) await fsp.rename(path.join(paths.staging, SECRET_ENTRY), path.join(dataDir, SECRET_ENTRY))
    // The database last: once it is in place, the restore is complete.
    await fsp.rename(paths.database, databasePath)
    await syncDirectory(dataDir)
    await syncDirectory(path.dirname(databasePath))
    const bytes = manifest.files.find((f) => f.path === DATABASE_ENTRY)!.size
    return {
      manifest,
      database: { path: databasePath, bytes, integrity: 'ok', tables: check.tables },
      privateFiles: { count: privateCount, bytes: privateBytes },
      keptAside,
      warnings,
    }
  } finally {
    await fsp.rm(paths.staging, { recursive: true, force: true })
    await fsp.rm(paths.database, { force: true })
  }
}
