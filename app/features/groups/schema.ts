// Groups' browser-safe shapes and limits, shared by the chat component, the use cases and the sockets.
export { MAX_MESSAGE_LENGTH } from '~/shared/rich-text'

/** Who wrote a message, with what their avatar needs (`photo`: one the readers may see). */
export interface MessageAuthor {
  id: string | null
  name: string
  firstName: string
  lastName: string
  photo: boolean
  /** A deactivated member: the chat signs « Membre désactivé » instead of the name. */
  deactivated?: boolean
  /** An erased member (no author left): the chat signs « Ancien membre ». */
  former?: boolean
}

/** A message as the chat shows it (and as sockets carry it). */
export interface MessageDto {
  id: number
  threadId: number
  groupId: number | null
  author: MessageAuthor
  body: string
  /** The members it mentions (`@Prénom Nom`), so that the browser highlights only real mentions. */
  mentions: { id: string; name: string }[]
  createdAt: string
  editedAt: string | null
  deleted: boolean
  /** Hidden pending review after reports (moderation's hold): its text reaches only its author. */
  held: boolean
}

/** Why a message was not written, edited or deleted (the chat shows `chat.error.<reason>`). */
export type MessageError = 'notFound' | 'forbidden' | 'empty' | 'tooLong' | 'rateLimited' | 'restricted' | 'heldEditUsed'

/** Each text field's longest value: the forms' `maxLength` and the parsers' `.max()` alike. */
export const THREAD_TITLE_MAX = 150
export const REPORT_REASON_MAX = 1000
export const GROUP_FIELD_MAX = { name: 80, description: 500 } as const

/** Consecutive messages of one author closer than this share one header (avatar and name). */
export const MESSAGE_GROUPING_MS = 5 * 60_000

export const GROUP_KINDS = ['promotion', 'region', 'sector', 'interest'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

/** The groups page's `?type=`: a kind, or null for every kind. */
export function parseGroupKind(value: string | null): GroupKind | null {
  return GROUP_KINDS.find((k) => k === value) ?? null
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr-FR')

/**
 * The groups page's search, the same on the server (`?q=`, without JavaScript) and in the browser
 * (as one types): every word, accents and case aside, in the name or the description.
 */
export function groupMatches(group: { name: string; description: string }, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const text = fold(`${group.name} ${group.description}`)
  return words.every((w) => text.includes(w))
}
