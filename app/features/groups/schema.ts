// Groups' browser-safe shapes and limits, shared by the chat component, the use cases and the sockets.
export { MAX_MESSAGE_LENGTH } from '~/shared/rich-text'

/** A message as the chat shows it (and as sockets carry it). */
export interface MessageDto {
  id: number
  threadId: number
  groupId: number | null
  author: { id: string | null; name: string }
  body: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
}

/** Why a message was not written, edited or deleted (the chat shows `chat.error.<reason>`). */
export type MessageError = 'notFound' | 'forbidden' | 'empty' | 'tooLong' | 'rateLimited'

/** Each text field's longest value: the forms' `maxLength` and the parsers' `.max()` alike. */
export const THREAD_TITLE_MAX = 150
export const REPORT_REASON_MAX = 1000
export const GROUP_FIELD_MAX = { name: 80, description: 500 } as const
