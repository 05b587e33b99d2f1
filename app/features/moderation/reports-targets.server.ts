import { and, eq } from 'drizzle-orm'
import { events, groups, jobOffers, messages, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Viewer } from '~/shared/viewer'
import { isPayingMember } from '~/shared/viewer'
import { memberProfile } from '~/features/directory/profiles.server'
import { canReadThread } from '~/features/groups/discussions.server'
import { groupDetails } from '~/features/groups/groups.server'
import { offerForViewer } from '~/features/careers/careers.server'
import type { ReportTarget } from '~/features/moderation/schema'

/**
 * The reported content as it was when reported, stored with the report (JSON) so that the desk
 * reads it even after an edit or a deletion. Dates as ISO strings.
 */
export interface ReportSnapshot {
  kind: ReportTarget
  title: string
  text: string
  authorName: string | null
  createdAt: string | null
  editedAt: string | null
  /** Where it lives on the site, for the desk (`/discussions/12`, `/membres/…`). */
  path: string
}

/** A target as the reporter may see it: who it is about, and its snapshot. */
export interface ResolvedTarget {
  kind: ReportTarget
  id: string
  /** The member, or the content's author; null for a group (or content whose author left). */
  subjectUserId: string | null
  /** Who is told when the content is held: the author, or the group's creator. */
  authorUserId: string | null
  snapshot: ReportSnapshot
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null
const numericId = (id: string) => (/^\d{1,12}$/.test(id) ? Number(id) : null)

function personName(ctx: AppContext, userId: string | null) {
  if (!userId) return null
  const row = ctx.db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId)).get()
  return row ? `${row.firstName} ${row.lastName}` : null
}

/**
 * The target `kind`/`id` if it exists and `viewer` may see it, else null: the report page and the
 * report itself answer 404 alike for « does not exist » and « not yours to see » (no enumeration).
 */
export function resolveReportTarget(ctx: AppContext, viewer: Viewer, kind: ReportTarget, id: string): ResolvedTarget | null {
  switch (kind) {
    case 'member': {
      const profile = memberProfile(ctx, viewer, id)
      if (!profile) return null
      const since = ctx.db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, id)).get()
      return {
        kind,
        id,
        subjectUserId: id,
        authorUserId: id,
        snapshot: {
          kind,
          title: `${profile.firstName} ${profile.lastName}`,
          text: [profile.jobTitle, profile.company, profile.city, profile.bio].filter(Boolean).join(' — '),
          authorName: `${profile.firstName} ${profile.lastName}`,
          createdAt: iso(since?.createdAt),
          editedAt: null,
          path: `/membres/${id}`,
        },
      }
    }
    case 'message': {
      const messageId = numericId(id)
      if (messageId === null || !isPayingMember(viewer)) return null
      const row = ctx.db
        .select({ message: messages, thread: threads })
        .from(messages)
        .innerJoin(threads, eq(threads.id, messages.threadId))
        .where(eq(messages.id, messageId))
        .get()
      if (!row || row.message.deletedAt || !canReadThread(ctx, viewer.id, row.thread)) return null
      const { message, thread } = row
      return {
        kind,
        id: String(message.id),
        subjectUserId: message.authorId,
        authorUserId: message.authorId,
        snapshot: {
          kind,
          title: thread.title,
          text: message.body,
          authorName: personName(ctx, message.authorId),
          createdAt: iso(message.createdAt),
          editedAt: iso(message.editedAt),
          path: thread.kind === 'chat' && thread.groupId !== null ? `/groupes/${thread.groupId}` : `/discussions/${thread.id}`,
        },
      }
    }
    case 'offer': {
      const offerId = numericId(id)
      if (offerId === null) return null
      const visible = offerForViewer(ctx, viewer, offerId)
      if (!visible || visible === 'notMember') return null
      const offer = ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()
      if (!offer) return null
      return {
        kind,
        id: String(offer.id),
        subjectUserId: offer.authorId,
        authorUserId: offer.authorId,
        snapshot: {
          kind,
          title: `${offer.title} — ${offer.company}`,
          text: offer.description,
          authorName: personName(ctx, offer.authorId),
          createdAt: iso(offer.createdAt),
          editedAt: iso(offer.updatedAt),
          path: `/carriere/offres/${offer.id}`,
        },
      }
    }
    case 'event': {
      const eventId = numericId(id)
      if (eventId === null) return null
      const event = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
      if (!event) return null
      return {
        kind,
        id: String(event.id),
        subjectUserId: event.organizerId,
        authorUserId: event.organizerId,
        snapshot: {
          kind,
          title: event.title,
          text: event.description,
          authorName: personName(ctx, event.organizerId),
          createdAt: iso(event.createdAt),
          editedAt: iso(event.updatedAt),
          path: `/evenements/${event.id}`,
        },
      }
    }
    case 'group': {
      const groupId = numericId(id)
      if (groupId === null || !isPayingMember(viewer)) return null
      const details = groupDetails(ctx, viewer, groupId)
      if (!details) return null
      const group = ctx.db
        .select()
        .from(groups)
        .where(and(eq(groups.id, groupId), eq(groups.status, 'active')))
        .get()
      if (!group) return null
      return {
        kind,
        id: String(group.id),
        subjectUserId: null,
        authorUserId: group.createdBy,
        snapshot: {
          kind,
          title: group.name,
          text: group.description,
          authorName: personName(ctx, group.createdBy),
          createdAt: iso(group.createdAt),
          editedAt: null,
          path: `/groupes/${group.id}`,
        },
      }
    }
  }
}
