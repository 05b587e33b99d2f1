// Every Socket.IO room is named here and read back here: a use case publishes to `rooms.thread(id)`,
// a socket joins the same name, and the re-authorisation reads it back with `parseRoom`. A name
// written out by hand elsewhere is a room nobody hears.

export type UserRoom = `user:${string}`
export type GroupRoom = `group:${number}`
export type ThreadRoom = `thread:${number}`
export type EventRoom = `event:${number}`
export type EventOrganizersRoom = `event:${number}:organizers`
export type WebmastersRoom = typeof rooms.webmasters
export type Room = UserRoom | GroupRoom | ThreadRoom | EventRoom | EventOrganizersRoom | typeof rooms.forum | typeof rooms.moderation | WebmastersRoom

export const rooms = {
  /** Every socket of an account: its notifications, and what ends or re-checks its rights. */
  user: (userId: string): UserRoom => `user:${userId}`,
  /** A group's members on every page: unread counts and presence. */
  group: (groupId: number): GroupRoom => `group:${groupId}`,
  /** The readers of one conversation. */
  thread: (threadId: number): ThreadRoom => `thread:${threadId}`,
  /** Everyone on an event's page: its counters. */
  event: (eventId: number): EventRoom => `event:${eventId}`,
  /** The event's organizers: the registrations feed and the invitation sends. */
  eventOrganizers: (eventId: number): EventOrganizersRoom => `event:${eventId}:organizers`,
  /** New forum threads and new reports are announced here; no socket joins them yet. */
  forum: 'forum',
  moderation: 'moderation',
  /** Webmasters at the back office: progress of their bulk sends (activation invitations). */
  webmasters: 'webmasters',
} as const

export type ParsedRoom =
  { kind: 'user'; userId: string } | { kind: 'group' | 'thread' | 'event' | 'eventOrganizers'; id: number } | { kind: 'forum' | 'moderation' | 'webmasters' }

const numbered = [
  ['eventOrganizers', /^event:([1-9]\d*):organizers$/],
  ['event', /^event:([1-9]\d*)$/],
  ['group', /^group:([1-9]\d*)$/],
  ['thread', /^thread:([1-9]\d*)$/],
] as const

/** A room name read back (a socket's own id, or any other name, is null). */
export function parseRoom(room: string): ParsedRoom | null {
  if (room === rooms.forum || room === rooms.moderation || room === rooms.webmasters) return { kind: room }
  if (room.startsWith('user:')) return room.length > 'user:'.length ? { kind: 'user', userId: room.slice('user:'.length) } : null
  for (const [kind, pattern] of numbered) {
    const match = pattern.exec(room)
    if (match) return { kind, id: Number(match[1]) }
  }
  return null
}
