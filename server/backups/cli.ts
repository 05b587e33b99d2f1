import fs from 'node:fs'
import { envSchema, type Env } from '../../app/shared/config'
import { parseIdentities } from './archive'

// What `npm run backup` and `npm run restore` share: the settings (read without side effects:
// server/config.ts would create DATA_DIR's session secret, and a restore needs DATA_DIR empty),
// the arguments, and sizes in plain words.

export class UsageError extends Error {
  override name = 'UsageError'
}

/** The settings from the environment, or one line naming the bad one. */
export function readSettings(env: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new UsageError(`réglage invalide — invalid setting: ${lines.join(' ; ')}`)
  }
  return parsed.data
}

/** `--name value`, `--name=value` and bare flags; everything else is positional. */
export function parseArgs(argv: string[], options: { values: string[]; flags: string[] }) {
  const values: Record<string, string> = {}
  const flags = new Set<string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2)
    if (options.flags.includes(name)) {
      flags.add(name)
    } else if (options.values.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined || value === '') throw new UsageError(`--${name} attend une valeur — --${name} needs a value`)
      values[name] = value
    } else {
      throw new UsageError(`option inconnue : ${arg} — unknown option: ${arg}`)
    }
  }
  return { values, flags, positional }
}

/** `--identity FILE` or BACKUP_AGE_IDENTITY (a key file, or the `AGE-SECRET-KEY-1…` itself). */
export function readIdentities(option: string | undefined, env: Record<string, string | undefined> = process.env): string[] {
  const source = option ?? env.BACKUP_AGE_IDENTITY
  if (!source) return []
  if (source.trim().startsWith('AGE-SECRET-KEY-')) return parseIdentities(source)
  let text: string
  try {
    text = fs.readFileSync(source, 'utf8')
  } catch (error) {
    throw new UsageError(`clé illisible : ${source} (${(error as NodeJS.ErrnoException).code}) — cannot read the key file ${source}`)
  }
  const identities = parseIdentities(text)
  if (identities.length === 0) throw new UsageError(`aucune clé AGE-SECRET-KEY-… dans ${source} — no AGE-SECRET-KEY-… in ${source}`)
  return identities
}

const sizeFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })
/** « 12,3 Mo » */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} Ko`
  if (bytes < 1024 ** 3) return `${sizeFormat.format(bytes / 1024 ** 2)} Mo`
  return `${sizeFormat.format(bytes / 1024 ** 3)} Go`
}

export const formatCount = (n: number) => new Intl.NumberFormat('fr-FR').format(n)

/** « 1,4 s » */
export const formatSeconds = (ms: number) => `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`
