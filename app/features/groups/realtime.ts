// The groups area's socket events and the bus events behind them (types only: the chat, the
// navigation's unread counts and the groups page import them in the browser; `realtime.server.ts`
// handles them).
import type { MessageDto, MessageError } from '~/features/groups/schema'
import type { Ack, Refusal } from '~/shared/realtime'
import type { GroupRoom, ThreadRoom, UserRoom, rooms } from '~/shared/rooms'

/** A page of a conversation (oldest first), or why it may not be read. */
export type MessagesAnswer = { ok: true; messages: MessageDto[] } | Refusal
/** The answer of a write: refused before the use case, or by it. */
export type WriteAnswer<Done> = Done | Refusal | { ok: false; error: MessageError }

export interface GroupsClientToServer {
  /** Joins the thread's room (and its group's): the latest page. */
  'thread:join': (payload: { threadId: number }, ack: Ack<MessagesAnswer>) => void
  /** What came after the last message seen (after a reconnection). */
  'thread:since': (payload: { threadId: number; afterId: number }, ack: Ack<MessagesAnswer>) => void
  'thread:older': (payload: { threadId: number; before: number }, ack: Ack<MessagesAnswer>) => void
  'message:send': (payload: { threadId: number; body: string }, ack: Ack<WriteAnswer<{ ok: true; id: number }>>) => void
  'message:edit': (payload: { messageId: number; body: string }, ack: Ack<WriteAnswer<{ ok: true }>>) => void
  'message:delete': (payload: { messageId: number }, ack: Ack<WriteAnswer<{ ok: true }>>) => void
  typing: (payload: { threadId: number }) => void
  /** The member read the group up to `messageId` (unread counts). */
  'group:read': (payload: { groupId: number; messageId: number }, ack: Ack<{ ok: true } | Refusal>) => void
  /** The member read a forum thread up to `messageId` (where it opens next time, the lists' « new »). */
  'thread:read': (payload: { threadId: number; messageId: number }, ack: Ack<{ ok: true } | Refusal>) => void
}

/** What a group's room hears of a message in one of its threads: enough for the unread counts. */
export interface GroupMessageNotice {
  groupId: number
  threadId: number
  id: number
  authorId: string | null
}
export type Typing = { threadId: number; userId: string; name: string }
/** Someone online, with what their avatar needs (`photo`: one the group's members may see). */
export type OnlineMember = { userId: string; name: string; firstName: string; lastName: string; photo: boolean }
/** Who is online in a group: the distinct members, the list bounded. */
export type Presence = { groupId: number; count: number; online: OnlineMember[] }
export type MentionNotification = { kind: 'mention'; threadId: number; messageId: number; from: string }

export interface GroupsServerToClient {
  'message:new': (message: MessageDto) => void
  'message:edited': (message: MessageDto) => void
  'message:deleted': (message: MessageDto) => void
  /** A hold for review started or ended: the message as this reader may now see it. */
  'message:hold': (message: MessageDto) => void
  'group:message:new': (notice: GroupMessageNotice) => void
  'group:message:edited': (notice: GroupMessageNotice) => void
  'group:message:deleted': (notice: GroupMessageNotice) => void
  'group:members': (change: { groupId: number }) => void
  'thread:new': (thread: { threadId: number; groupId: number | null }) => void
  'report:new': (report: { messageId: number; groupId: number | null }) => void
  'notification:new': (notification: MentionNotification) => void
  typing: (who: Typing) => void
  presence: (state: Presence) => void
}

/** What the groups' use cases publish after their transaction. */
export type GroupsBusEvent =
  | { type: 'message:new' | 'message:edited' | 'message:deleted' | 'message:hold'; room: ThreadRoom; payload: MessageDto; except?: UserRoom }
  /** A held message as its author sees it, to their own sockets only (the thread's room got the placeholder). */
  | { type: 'message:new' | 'message:edited' | 'message:deleted' | 'message:hold'; room: UserRoom; payload: MessageDto }
  /** Those reading the thread already got the message itself. */
  | { type: 'group:message:new' | 'group:message:edited' | 'group:message:deleted'; room: GroupRoom; except: ThreadRoom; payload: GroupMessageNotice }
  | { type: 'group:members'; room: GroupRoom; payload: { groupId: number } }
  | { type: 'thread:new'; room: GroupRoom | typeof rooms.forum; payload: { threadId: number; groupId: number | null } }
  | { type: 'report:new'; room: typeof rooms.moderation; payload: { messageId: number; groupId: number | null } }
  | { type: 'notification:new'; room: UserRoom; payload: MentionNotification }
  /** The member's sockets leave the group's room at once (`server/realtime`). */
  | { type: 'group:left'; payload: { userId: string; groupId: number } }
