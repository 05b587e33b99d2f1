// `npm run restore -- FILE [--force] [--identity KEYFILE]`: restores an archive of `npm run backup`
// into DATABASE_PATH and DATA_DIR, after checking every checksum. See README, « Sauvegardes ».
import { formatCount, formatSize, parseArgs, readIdentities, readSettings } from '../server/backups/cli'
import { restoreBackup } from '../server/backups/restore'

try {
  const { values, flags, positional } = parseArgs(process.argv.slice(2), { values: ['identity'], flags: ['force'] })
  if (positional.length !== 1)
    throw new Error('donnez une archive : npm run restore -- FICHIER [--force] — give one archive: npm run restore -- FILE [--force]')
  const settings = readSettings()
  const result = await restoreBackup({
    archive: positional[0],
    databasePath: settings.DATABASE_PATH,
    dataDir: settings.DATA_DIR,
    force: flags.has('force'),
    identities: readIdentities(values.identity),
  })
  const { manifest } = result
  const accounts = result.database.tables.users
  const taken = new Date(manifest.createdAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })
  console.log(
    `Restauration réussie — restore complete: sauvegarde du ${taken} (${manifest.app.name} ${manifest.app.version}, ${manifest.schema.migrations} migrations)`,
  )
  console.log(
    `  base : ${result.database.path} (${formatSize(result.database.bytes)}${accounts !== undefined ? `, ${formatCount(accounts)} comptes` : ''}) — PRAGMA integrity_check : ok`,
  )
  console.log(
    `  fichiers privés : ${formatCount(result.privateFiles.count)} (${formatSize(result.privateFiles.bytes)}) — ${formatCount(manifest.files.length)} sommes SHA-256 vérifiées — checksums verified`,
  )
  if (result.keptAside.length) console.log(`  L’ancien contenu est gardé à côté — the previous files are kept aside: ${result.keptAside.join(', ')}`)
  for (const warning of result.warnings) console.log(`  Attention — warning: ${warning}`)
  console.log('  Démarrez le site (npm start) — start the site.')
} catch (error) {
  console.error(`Restauration refusée — restore refused: ${(error as Error).message}`)
  process.exit(1)
}
