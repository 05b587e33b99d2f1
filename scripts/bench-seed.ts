import type { Db } from '../db/client'
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
