import fs from 'node:fs'
import path from 'node:path'
import type { Config } from './config'

/** A start that cannot go on, with the one line (French, then English) that says why and what to do. */
export class StartupError extends Error {
  override name = 'StartupError'
}

const line = (fr: string, en: string) => `Amicale ne peut pas démarrer : ${fr} — Amicale cannot start: ${en}`

/** DATA_DIR must exist (it is created) and take writes: uploads, receipts and the secret live there. */
export function checkDataDir(dataDir: string) {
  const probe = path.join(dataDir, `.write-check-${process.pid}`)
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(probe, '')
    fs.rmSync(probe)
  } catch (error) {
    throw new StartupError(
      line(
        `le dossier ${dataDir} (DATA_DIR) n’accepte pas l’écriture (${(error as NodeJS.ErrnoException).code ?? 'erreur'}) ; donnez-en les droits d’écriture à l’utilisateur du service ou choisissez un autre DATA_DIR.`,
        `the folder ${dataDir} (DATA_DIR) is not writable; give the service's user write access or set another DATA_DIR.`,
      ),
    )
  }
}

export function corruptDatabase(file: string, problem: string) {
  return new StartupError(
    line(
      `la base ${file} est endommagée (${problem}) ; arrêtez le service, restaurez la dernière sauvegarde à la place de ce fichier, puis relancez.`,
      `the database ${file} is damaged (${problem}); stop the service, restore the latest backup in its place, then start again.`,
    ),
  )
}

/** Several workers share rooms, the bus and connection recovery through Redis: none without it. */
export function checkWorkers(config: Pick<Config, 'WEB_CONCURRENCY' | 'REDIS_URL'>) {
  if (config.WEB_CONCURRENCY <= 1 || config.REDIS_URL) return
  throw new StartupError(
    line(
      `WEB_CONCURRENCY=${config.WEB_CONCURRENCY} demande REDIS_URL (les processus partagent les salons et les événements par Redis) ; réglez REDIS_URL, par exemple redis://127.0.0.1:6379, ou revenez à WEB_CONCURRENCY=1.`,
      `WEB_CONCURRENCY=${config.WEB_CONCURRENCY} needs REDIS_URL (the workers share rooms and events through Redis); set REDIS_URL, e.g. redis://127.0.0.1:6379, or go back to WEB_CONCURRENCY=1.`,
    ),
  )
}

/** REDIS_URL is set but nothing answers there (shown without its password). */
export function redisUnreachable(url: string, reason: string) {
  let shown = url
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    shown = parsed.toString()
  } catch {
    // The schema checked it is a URL; keep it as it is.
  }
  return new StartupError(
    line(
      `Redis ne répond pas à ${shown} (REDIS_URL : ${reason}) ; démarrez redis-server ou corrigez REDIS_URL.`,
      `Redis does not answer at ${shown} (REDIS_URL: ${reason}); start redis-server or fix REDIS_URL.`,
    ),
  )
}

/** With WEB_CONCURRENCY, a worker that stops before serving stops the start (it said why just before). */
export function workerFailedToStart(id: number, code: number | null, signal: string | null) {
  const how = signal ?? `code ${code}`
  return new StartupError(
    line(
      `le processus ${id} s’est arrêté au démarrage (${how}) ; sa raison est écrite juste au-dessus.`,
      `worker ${id} stopped while starting (${how}); its reason is written just above.`,
    ),
  )
}

/** The one line for a failure we know, or undefined for one we don't (then the stack is worth showing). */
export function explainStartupFailure(error: unknown, config: Pick<Config, 'DATABASE_PATH' | 'PORT' | 'HOST'> | undefined): string | undefined {
  if (!(error instanceof Error)) return undefined
  if (error.name === 'StartupError') return error.message
  if (error.message.startsWith('Invalid settings:')) {
    return line(
      `réglage invalide : ${error.message.replace(/^Invalid settings:\s*/, '').replace(/\s*\n\s*/g, ' ; ')}`,
      'invalid setting (see the French part).',
    )
  }
  const code = (error as { code?: string }).code
  const file = config?.DATABASE_PATH ?? 'la base'
  switch (code) {
    case 'SQLITE_NOTADB':
      return line(
        `le fichier ${file} n’est pas une base SQLite lisible (en-tête endommagé) ; restaurez la dernière sauvegarde à sa place, ou déplacez-le pour repartir d’une base vide.`,
        `${file} is not a readable SQLite database (damaged header); restore the latest backup in its place, or move it away to start from an empty database.`,
      )
    case 'SQLITE_CORRUPT':
      return corruptDatabase(file, error.message).message
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_IOERR':
      return line(
        `impossible d’écrire dans ${file} ni dans son dossier (${code}) ; donnez-en les droits d’écriture à l’utilisateur du service ou réglez DATABASE_PATH.`,
        `cannot write ${file} or its folder; give the service's user write access or set DATABASE_PATH.`,
      )
    case 'EACCES':
    case 'EROFS':
    case 'EPERM': {
      const target = (error as NodeJS.ErrnoException).path ?? 'un fichier'
      return line(
        `${target} n’accepte pas l’écriture (${code}) ; donnez-en les droits à l’utilisateur du service, ou réglez DATA_DIR et DATABASE_PATH.`,
        `${target} is not writable; give the service's user write access, or set DATA_DIR and DATABASE_PATH.`,
      )
    }
    case 'EADDRINUSE':
      return line(
        `le port ${config?.PORT} est déjà pris sur ${config?.HOST} ; arrêtez l’autre programme ou réglez PORT.`,
        `port ${config?.PORT} is already in use; stop the other program or set PORT.`,
      )
    default:
      return undefined
  }
}
