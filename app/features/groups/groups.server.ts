import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { groupMembers, groups, messages, profiles, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { rooms } from '~/shared/rooms'
import { isPayingMember, type Role } from '~/shared/viewer'
import { photoShownSql } from '~/features/directory/profiles.server'
import { heldSql, holdStateOf } from '~/features/moderation/holds.server'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** The group of a promotion, made on first need together with its chat channel. */
export function ensurePromotionGroup(tx: Tx | Db, promotion: number, now: Date): number {
  const existing = tx.select({ id: groups.id }).from(groups).where(eq(groups.promotion, promotion)).get()
  if (existing) return existing.id
  const { id } = tx
    .insert(groups)
    .values({
      name: `Promotion ${promotion}`,
      description: `Les diplômés de la promotion ${promotion} : nouvelles, retrouvailles, entraide.`,
      kind: 'promotion',
      visibility: 'public',
      status: 'active',
      promotion,
      createdAt: now,
    })
    .returning({ id: groups.id })
    .get()
  tx.insert(threads).values({ groupId: id, kind: 'chat', title: 'Discussion en direct', createdAt: now, lastMessageAt: now }).run()
  return id
}

/** A member joins their promotion's group when their membership becomes active. */
export function joinPromotionGroup(ctx: AppContext, userId: string): number | null {
  const now = ctx.now()
  return ctx.db.transaction((tx) => {
    const promotion = tx.select({ promotion: profiles.promotion }).from(profiles).where(eq(profiles.userId, userId)).get()?.promotion
    if (!promotion) return null
    const groupId = ensurePromotionGroup(tx, promotion, now)
    tx.insert(groupMembers)
      .values({ groupId, userId, status: 'active', joinedAt: now })
      .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.userId], set: { status: 'active' } })
      .run()
    return groupId
  })
}

// The group reads of every page (the header's unread badge) and of every socket join: built and
// prepared once per connection.
const statements = preparedOnce((db) => ({
  membership: db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, sql.placeholder('groupId')), eq(groupMembers.userId, sql.placeholder('userId'))))
    .prepare(),
  unreadCounts: db
    .select({ groupId: groupMembers.groupId, n: count(messages.id) })
    .from(groupMembers)
    .innerJoin(messages, and(eq(messages.groupId, groupMembers.groupId), gt(messages.id, groupMembers.lastReadMessageId)))
    .where(
      and(
        eq(groupMembers.userId, sql.placeholder('userId')),
        eq(groupMembers.status, 'active'),
        sql`${messages.authorId} is not ${sql.placeholder('userId')}`,
        sql`${messages.deletedAt} is null`,
      ),
    )
    .groupBy(groupMembers.groupId)
    .prepare(),
}))

export function membershipIn(ctx: AppContext, userId: string, groupId: number) {
  return statements(ctx.db).membership.get({ groupId, userId }) ?? null
}

export function activeGroupIds(ctx: AppContext, userId: string): number[] {
  return ctx.db
    .select({ id: groupMembers.groupId })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.status, 'active'), eq(groups.status, 'active')))
    .all()
    .map((r) => r.id)
}

/** Reading and writing in a group: its active members only. Checked at every socket join too. */
export function canAccessGroup(ctx: AppContext, userId: string, groupId: number): boolean {
  return membershipIn(ctx, userId, groupId)?.status === 'active'
}

export function isGroupModerator(ctx: AppContext, userId: string, groupId: number): boolean {
  const row = membershipIn(ctx, userId, groupId)
  return row?.status === 'active' && row.role === 'moderator'
}

/** Active groups with their size, the viewer's place in each, and unread counts. */
export function listGroups(ctx: AppContext, userId: string) {
  const rows = ctx.db
    .select({
      id: groups.id,
      name: groups.name,
      description: groups.description,
      kind: groups.kind,
      visibility: groups.visibility,
      promotion: groups.promotion,
      members: sql<number>`(select count(*) from group_members gm where gm.group_id = ${groups.id} and gm.status = 'active')`,
      myStatus: groupMembers.status,
      myRole: groupMembers.role,
      lastRead: groupMembers.lastReadMessageId,
    })
    .from(groups)
    .leftJoin(groupMembers, and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, userId)))
    // Held for review after reports: listed only to its creator.
    .where(and(eq(groups.status, 'active'), sql`(not ${heldSql('group', groups.id)} or ${groups.createdBy} = ${userId})`))
    .orderBy(asc(groups.kind), asc(groups.name))
    .all()
  const unread = unreadCounts(ctx, userId)
  return rows.map((r) => ({ ...r, unread: unread.get(r.id) ?? 0 }))
}

/** Messages after the last one read, per group the member belongs to (their own not counted). */
export function unreadCounts(ctx: AppContext, userId: string): Map<number, number> {
  const rows = statements(ctx.db).unreadCounts.all({ userId })
  return new Map(rows.map((r) => [r.groupId, r.n]))
}

export function markGroupRead(ctx: AppContext, userId: string, groupId: number, messageId: number) {
  ctx.db
    .update(groupMembers)
    .set({ lastReadMessageId: sql`max(${groupMembers.lastReadMessageId}, ${messageId})` })
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .run()
}

/**
 * Who sees who belongs to a group: anyone who may see the group for a public one; for a private
 * one its active members and webmasters only. Everyone else gets no names at all, not only none shown.
 */
export function canSeeGroupMembers(
  ctx: AppContext,
  viewer: { id: string; isWebmaster: boolean },
  group: { id: number; visibility: 'public' | 'private' },
): boolean {
  return group.visibility === 'public' || viewer.isWebmaster || canAccessGroup(ctx, viewer.id, group.id)
}

/** The group page: its members (and pending requests) only to whoever may see them. */
export function groupDetails(ctx: AppContext, viewer: { id: string; isWebmaster: boolean; role: Role }, groupId: number) {
  const prepared = pageStatements(ctx.db)
  const group = prepared.group.get({ groupId })
  if (!group) return null
  const hold = holdStateOf(ctx, 'group', groupId)
  const held = hold !== null
  if (held && !viewer.isWebmaster && group.createdBy !== viewer.id) return null
  const members = canSeeGroupMembers(ctx, viewer, group)
    ? (isPayingMember(viewer) ? prepared.membersForMember : prepared.membersWithoutPhotos).all({ groupId, viewerId: viewer.id })
    : []
  const chat = prepared.chat.get({ groupId })
  return { group, members, chatThreadId: chat?.id ?? null, held, hold }
}

// The group page's reads, on every visit: prepared once per connection. A viewer who does not pay
// sees no photo (`photoShownSql`'s rule), a paying one the directory's and their own.
const pageStatements = preparedOnce((db) => {
  const groupId = sql.placeholder('groupId')
  const members = (role: 'member' | 'registered') =>
    db
      .select({
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        role: groupMembers.role,
        status: groupMembers.status,
        photo: photoShownSql(users.id, { id: sql.placeholder('viewerId'), role }),
      })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(and(eq(groupMembers.groupId, groupId), eq(users.status, 'active')))
      .orderBy(asc(users.lastName), asc(users.firstName))
      .prepare()
  return {
    group: db
      .select()
      .from(groups)
      .where(and(eq(groups.id, groupId), eq(groups.status, 'active')))
      .prepare(),
    membersForMember: members('member'),
    membersWithoutPhotos: members('registered'),
    chat: db
      .select({ id: threads.id })
      .from(threads)
      .where(and(eq(threads.groupId, groupId), eq(threads.kind, 'chat')))
      .prepare(),
  }
})

/** Which of these members have a photo that any other member may see (the online list's avatars). */
export function photoFlags(ctx: AppContext, userIds: string[]): Set<string> {
  if (userIds.length === 0) return new Set()
  const rows = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), photoShownSql(users.id, null)))
    .all()
  return new Set(rows.map((r) => r.id))
}

/** Public groups: join at once; private ones: a request the moderators approve. */
export function joinGroup(ctx: AppContext, userId: string, groupId: number): 'joined' | 'requested' | 'notFound' {
  const group = ctx.db
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.status, 'active')))
    .get()
  if (!group) return 'notFound'
  const status = group.visibility === 'public' ? 'active' : 'pending'
  ctx.db.insert(groupMembers).values({ groupId, userId, status, joinedAt: ctx.now() }).onConflictDoNothing().run()
  ctx.bus.publish({ type: 'group:members', room: rooms.group(groupId), payload: { groupId } })
  return status === 'active' ? 'joined' : 'requested'
}

export function leaveGroup(ctx: AppContext, userId: string, groupId: number) {
  ctx.db
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .run()
  ctx.bus.publish({ type: 'group:left', payload: { userId, groupId } })
}

export function approveJoinRequest(ctx: AppContext, moderatorId: string, groupId: number, userId: string): boolean {
  if (!isGroupModerator(ctx, moderatorId, groupId)) return false
  const result = ctx.db
    .update(groupMembers)
    .set({ status: 'active', joinedAt: ctx.now() })
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId), eq(groupMembers.status, 'pending')))
    .run()
  return result.changes > 0
}

/** Webmasters create groups directly; members propose them, and a webmaster approves. */
export function createGroup(
  ctx: AppContext,
  actor: { id: string; isWebmaster: boolean },
  input: { name: string; description: string; kind: 'region' | 'sector' | 'interest'; visibility: 'public' | 'private' },
): number {
  const now = ctx.now()
  return ctx.db.transaction((tx) => {
    const { id } = tx
      .insert(groups)
      .values({ ...input, status: actor.isWebmaster ? 'active' : 'proposed', createdBy: actor.id, createdAt: now })
      .returning({ id: groups.id })
      .get()
    tx.insert(threads).values({ groupId: id, kind: 'chat', title: 'Discussion en direct', createdAt: now, lastMessageAt: now }).run()
    tx.insert(groupMembers).values({ groupId: id, userId: actor.id, role: 'moderator', status: 'active', joinedAt: now }).run()
    return id
  })
}

export function reviewGroupProposal(ctx: AppContext, groupId: number, decision: 'approve' | 'reject'): boolean {
  const result = ctx.db
    .update(groups)
    .set({ status: decision === 'approve' ? 'active' : 'rejected' })
    .where(and(eq(groups.id, groupId), eq(groups.status, 'proposed')))
    .run()
  return result.changes > 0
}

export function groupProposals(ctx: AppContext) {
  return ctx.db
    .select({
      id: groups.id,
      name: groups.name,
      description: groups.description,
      kind: groups.kind,
      visibility: groups.visibility,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(groups)
    .leftJoin(users, eq(users.id, groups.createdBy))
    .where(eq(groups.status, 'proposed'))
    .all()
}
