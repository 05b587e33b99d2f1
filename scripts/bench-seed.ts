import path from 'node:path'
import type { Db } from '../db/client'
import { envSchema } from '../app/shared/config'
import { groups, threads } from '../db/schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** A bench's setting from the environment: a positive number (an integer if asked), or stop. */
export function positiveSetting(name: string, fallback: number, { integer = false } = {}): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}`)
  }
  return value
}

/** A public group with its chat thread, as the benches' sockets join it. */
export function insertChatGroup(tx: Tx, name: string, description: string, created: Date): { groupId: number; threadId: number } {
  const group = tx
    .insert(groups)
    .values({ name, description, kind: 'interest', visibility: 'public', status: 'active', createdAt: created })
    .returning({ id: groups.id })
    .get()
  const thread = tx
    .insert(threads)
    .values({ groupId: group.id, kind: 'chat', title: 'Discussion', createdAt: created, lastMessageAt: created })
    .returning({ id: threads.id })
    .get()
  return { groupId: group.id, threadId: thread.id }
}

/**
 * The environment of a bench's app server: the caller's, without any of the site's settings (none
 * may leak in from the shell), then production on a free loopback port with its data in `dir`.
 */
export function appEnv(dir: string, settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(envSchema.shape)) delete env[name]
  return {
    ...env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'amicale.db'),
    DATA_DIR: dir,
    LOG_LEVEL: 'info',
    MAP_TILE_URL: '',
    ...settings,
  }
}
