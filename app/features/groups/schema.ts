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
