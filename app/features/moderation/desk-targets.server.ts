import { eq } from 'drizzle-orm'
import { events, groups, jobOffers, messages, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { ReportTarget } from '~/features/moderation/schema'
import type { ModerationTx } from '~/features/moderation/restrictions.server'

/** How a reported target stands now, as the desk shows it beside the report's snapshot. */
export type TargetState = 'visible' | 'deleted' | 'removed' | 'cancelled' | 'deactivated' | 'gone'

export interface TargetNow {
  kind: ReportTarget
  id: string
  state: TargetState
  title: string
  text: string
  /** The person a decision is about: the member, or the content's author (a group's creator). */
  subjectUserId: string | null
  /** Where the content lives on the site, for the webmaster to look. */
  url: string | null
}

const numericId = (id: string) => (/^\d{1,12}$/.test(id) ? Number(id) : null)

/**
 * The target as it is now, read from its own area's table: the desk compares it with the report's
 * snapshot (edited since? deleted?), and a decision finds its subject here. `gone`: it no longer
 * exists (the snapshot is then all there is).
 */
export function targetNow(ctx: Pick<AppContext, 'db'>, kind: ReportTarget, id: string, tx: ModerationTx = ctx.db): TargetNow {
  const gone: TargetNow = { kind, id, state: 'gone', title: '', text: '', subjectUserId: null, url: null }
  if (kind === 'member') {
    const user = tx.select().from(users).where(eq(users.id, id)).get()
    if (!user) return gone
    return {
      ...gone,
      state: user.status === 'deactivated' ? 'deactivated' : 'visible',
      title: `${user.firstName} ${user.lastName}`,
      subjectUserId: user.id,
      url: `/membres/${user.id}`,
    }
  }
  const n = numericId(id)
  if (n === null) return gone
  if (kind === 'message') {
    const row = tx
      .select({ message: messages, thread: threads })
      .from(messages)
      .innerJoin(threads, eq(threads.id, messages.threadId))
      .where(eq(messages.id, n))
      .get()
    if (!row) return gone
    return {
      ...gone,
      state: row.message.deletedAt ? 'deleted' : 'visible',
      title: row.thread.title ?? '',
      text: row.message.body,
      subjectUserId: row.message.authorId,
      url: row.thread.kind === 'chat' && row.thread.groupId ? `/groupes/${row.thread.groupId}` : `/discussions/${row.thread.id}`,
    }
  }
  if (kind === 'offer') {
    const offer = tx.select().from(jobOffers).where(eq(jobOffers.id, n)).get()
    if (!offer) return gone
    return {
      ...gone,
      state: offer.status === 'rejected' ? 'removed' : 'visible',
      title: `${offer.title} — ${offer.company}`,
      text: offer.description,
      subjectUserId: offer.authorId,
      url: `/carriere/offres/${offer.id}`,
    }
  }
  if (kind === 'event') {
    const event = tx.select().from(events).where(eq(events.id, n)).get()
    if (!event) return gone
    return {
      ...gone,
      state: event.status === 'cancelled' ? 'cancelled' : 'visible',
      title: event.title,
      text: event.description,
      subjectUserId: event.organizerId,
      url: `/evenements/${event.id}`,
    }
  }
  const group = tx.select().from(groups).where(eq(groups.id, n)).get()
  if (!group) return gone
  return {
    ...gone,
    state: group.status === 'rejected' ? 'removed' : 'visible',
    title: group.name,
    text: group.description,
    subjectUserId: group.createdBy,
    url: `/groupes/${group.id}`,
  }
}

/** A report's snapshot as the desk shows it: whatever the reports kept (title, text, author…), read safely. */
export function readSnapshot(snapshot: string): { title: string; text: string; author: string } {
  try {
    const value: unknown = JSON.parse(snapshot)
    if (!value || typeof value !== 'object') return { title: '', text: '', author: '' }
    const v = value as Record<string, unknown>
    const str = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '')
    const author = v.author && typeof v.author === 'object' ? str((v.author as Record<string, unknown>).name) : str(v.author ?? v.authorName)
    return { title: str(v.title ?? v.name), text: str(v.text ?? v.body ?? v.description ?? v.bio), author }
  } catch {
    return { title: '', text: '', author: '' }
  }
}
