import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { envSchema, type Config } from '../app/shared/config'

export type { Config } from '../app/shared/config'

/** Reads and checks the environment once, at start; a bad value stops the process with its name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid settings:\n${lines.join('\n')}`)
  }
  const values = parsed.data
  if (values.STRIPE_SECRET_KEY && !values.STRIPE_WEBHOOK_SECRET) {
    throw new Error('Invalid settings:\n  STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set')
  }
  // Checked here rather than at the first page: a missing logo would otherwise be a broken image.
  if (values.ASSOCIATION_LOGO && !fs.statSync(values.ASSOCIATION_LOGO, { throwIfNoEntry: false })?.isFile()) {
    throw new Error(`Invalid settings:\n  ASSOCIATION_LOGO: no file at ${path.resolve(values.ASSOCIATION_LOGO)}`)
  }
  return {
    ...values,
    SESSION_SECRET: values.SESSION_SECRET ?? persistentSecret(values.DATA_DIR),
    isDevelopment: values.NODE_ENV === 'development',
  }
}

/** Without SESSION_SECRET, a random secret is made once and kept in DATA_DIR, so restarts keep cookies valid. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(dataDir, { recursive: true })
    const secret = crypto.randomBytes(32).toString('hex')
    fs.writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}
