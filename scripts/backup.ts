// `npm run backup -- --out FILE`: one consistent archive of the site (database, private files,
// manifest with checksums), taken while it serves. See README, « Sauvegardes ».
import path from 'node:path'
import { backupDirectory } from '../app/features/admin/backups.server'
import { createBackup } from '../server/backups/backup'
import { formatCount, formatSeconds, formatSize, parseArgs, readSettings } from '../server/backups/cli'
import { parisDate } from '../server/backups/schedule'

try {
  const { values, positional } = parseArgs(process.argv.slice(2), { values: ['out', 'recipient'], flags: [] })
  if (positional.length) throw new Error(`argument inattendu : ${positional[0]} (utilisez --out FICHIER) — unexpected argument (use --out FILE)`)
  const settings = readSettings()
  const recipient = values.recipient ?? settings.BACKUP_AGE_RECIPIENT
  if (recipient && !/^age1[0-9a-z]+$/.test(recipient)) throw new Error('--recipient attend une clé publique age1… — --recipient takes an age1… public key')
  const now = new Date()
  const stamp = `${parisDate(now)}-${now.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour12: false }).replaceAll(':', '')}`
  let out = values.out ?? path.join(backupDirectory(settings), `amicale-${stamp}.tar.gz`)
  // An encrypted archive says so by its name, as `age -d` expects.
  if (recipient && !out.endsWith('.age')) out += '.age'
  const result = await createBackup({ databasePath: settings.DATABASE_PATH, dataDir: settings.DATA_DIR, out, recipient })
  const privateFiles = result.manifest.files.filter((f) => f.path.startsWith('private/'))
  const accounts = result.manifest.database.tables.users
  console.log(
    `Sauvegarde écrite — backup written: ${out} (${formatSize(result.bytes)}${result.encrypted ? ', chiffrée avec age — encrypted with age' : ''}) en ${formatSeconds(result.ms)}`,
  )
  console.log(
    `  base : ${formatSize(result.manifest.files.find((f) => f.path === 'amicale.db')!.size)}${accounts !== undefined ? `, ${formatCount(accounts)} comptes` : ''}, ` +
      `${result.manifest.schema.migrations} migrations · fichiers privés : ${formatCount(privateFiles.length)} (${formatSize(privateFiles.reduce((s, f) => s + f.size, 0))})`,
  )
  if (result.manifest.database.quickCheck !== 'ok') {
    console.log(`  Attention : la base signale un problème (PRAGMA quick_check) — warning, the database reports: ${result.manifest.database.quickCheck}`)
  }
} catch (error) {
  console.error(`Sauvegarde impossible — backup failed: ${(error as Error).message}`)
  process.exit(1)
}
