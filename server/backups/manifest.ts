import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { projectRoot } from '../project-root'

/** What an archive holds, by name inside it. */
export const MANIFEST_ENTRY = 'manifest.json'
export const DATABASE_ENTRY = 'amicale.db'
export const README_ENTRY = 'LISEZMOI.txt'
/** DATA_DIR's generated session secret (only when SESSION_SECRET is not set): links in sent mail stay valid. */
export const SECRET_ENTRY = 'session-secret'
export const PRIVATE_PREFIX = 'private/'
export const FORMAT = 'amicale-backup'
export const FORMAT_VERSION = 1

const sha256 = z.string().regex(/^[0-9a-f]{64}$/)

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.string().datetime(),
  app: z.object({ name: z.string(), version: z.string() }),
  /** Migrations applied to the archived database (drizzle's `__drizzle_migrations`). */
  schema: z.object({ migrations: z.number().int().min(0), lastMigrationAt: z.number().nullable() }),
  database: z.object({
    path: z.literal(DATABASE_ENTRY),
    /** `PRAGMA quick_check` of the snapshot when it was taken: `ok`, or what it found. */
    quickCheck: z.string(),
    /** Rows per table, checked again after a restore. */
    tables: z.record(z.string(), z.number().int().min(0)),
  }),
  encrypted: z.boolean(),
  files: z.array(z.object({ path: z.string().min(1).max(4096), size: z.number().int().min(0), sha256 })).max(1_000_000),
})
export type Manifest = z.infer<typeof manifestSchema>
export type ManifestFile = Manifest['files'][number]

/**
 * Only these names may come out of an archive: the database, the secret, the readme and files
 * under `private/` — no `..`, no absolute path, no backslash, nothing that climbs out of DATA_DIR.
 */
export function isAllowedEntry(name: string): boolean {
  if (name === DATABASE_ENTRY || name === SECRET_ENTRY || name === README_ENTRY || name === MANIFEST_ENTRY) return true
  if (!name.startsWith(PRIVATE_PREFIX) || name.length <= PRIVATE_PREFIX.length) return false
  if (name.includes('\\') || name.includes('\0')) return false
  return name
    .slice(PRIVATE_PREFIX.length)
    .split('/')
    .every((part) => part !== '' && part !== '.' && part !== '..')
}

/** This app's name and version, from package.json. */
export function appVersion(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { name?: string; version?: string }
    return { name: pkg.name ?? 'amicale', version: pkg.version ?? '0.0.0' }
  } catch {
    return { name: 'amicale', version: 'unknown' }
  }
}

/** How many migrations this app ships (db/migrations/meta/_journal.json). */
export function shippedMigrations(): number | undefined {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'db/migrations/meta/_journal.json'), 'utf8')) as { entries?: unknown[] }
    return journal.entries?.length
  } catch {
    return undefined
  }
}

export const README_TEXT = `Sauvegarde Amicale — Amicale backup
=====================================

Contenu : amicale.db (la base SQLite complète, cohérente à l'instant de la sauvegarde),
private/ (photos, justificatifs, CV…), session-secret (si le site l'a généré),
manifest.json (date, version, et pour chaque fichier sa taille et son SHA-256).

Restaurer (le site arrêté), dans un dossier vide :
  DATABASE_PATH=data/amicale.db DATA_DIR=data npm run restore -- CETTE-ARCHIVE
Une archive .age se déchiffre avec --identity FICHIER-DE-CLÉ (ou BACKUP_AGE_IDENTITY).
La restauration vérifie chaque somme de contrôle et « PRAGMA integrity_check ».

Contents: amicale.db (the whole SQLite database, consistent at the time of the backup),
private/ (photos, proofs, CVs…), session-secret (when the site generated one), manifest.json
(date, version, and each file's size and SHA-256). Restore with « npm run restore -- ARCHIVE »
into an empty DATABASE_PATH / DATA_DIR; it checks every checksum and PRAGMA integrity_check.
`
