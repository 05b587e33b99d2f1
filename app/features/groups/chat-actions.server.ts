import { data, type AppLoadContext } from '@remix-run/node'
import { z } from 'zod'
import { translator } from '~/i18n'
import { deleteMessage, postMessage } from '~/features/groups/discussions.server'
import { MAX_MESSAGE_LENGTH, THREAD_TITLE_MAX } from '~/features/groups/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import { baseUrl } from '~/shared/http.server'
import { redirectWithToast } from '~/shared/toast.server'
import { formError } from '~/shared/form-result.server'
import { formObject, parseForm } from '~/shared/validation'

const DeleteForm = z.object({ intent: z.literal('delete'), messageId: z.coerce.number().int().positive() })
const PostForm = z.object({
  intent: z.literal('post'),
  threadId: z.coerce.number().int().positive(),
  body: z.string().max(MAX_MESSAGE_LENGTH + 100, 'chat.error.tooLong'),
})

/**
 * The chat's forms without JavaScript — posting and deleting: the same services as the socket
 * handlers, so a change made here reaches live readers too. Reporting is moderation's `/signaler`.
 */
export async function handleChatForm(request: Request, context: AppLoadContext, viewer: Viewer, formData: FormData, back: string) {
  const t = translator(context.locale)
  const values = formObject(formData)
  const author = { id: viewer.id, isWebmaster: viewer.isWebmaster }
  if (values.intent === 'delete') {
    const parsed = DeleteForm.safeParse(values)
    const result = parsed.success ? deleteMessage(context.app, author, parsed.data.messageId) : ({ ok: false, error: 'notFound' } as const)
    if (!result.ok) return data({ error: t(`chat.error.${result.error}`) }, { status: result.error === 'forbidden' ? 403 : 404 })
    return redirectWithToast(context, back, { type: 'success', key: 'chat.deletedToast' })
  }
  const parsed = PostForm.safeParse(values)
  if (!parsed.success)
    return data(
      { error: t(parsed.error.issues.some((i) => i.message === 'chat.error.tooLong') ? 'chat.error.tooLong' : 'chat.error.invalid') },
      { status: 400 },
    )
  const result = postMessage(context.app, author, { ...parsed.data, baseUrl: baseUrl(request, context.app.config.APP_URL) })
  if (!result.ok)
    return data(
      { error: t(`chat.error.${result.error}`) },
      { status: result.error === 'forbidden' || result.error === 'restricted' ? 403 : result.error === 'rateLimited' ? 429 : 400 },
    )
  return redirectWithToast(context, back, { type: 'success', key: 'chat.posted' })
}

const NewThreadForm = z.object({
  title: z.string({ required_error: 'error.required' }).trim().min(3, 'chat.error.threadTitle').max(THREAD_TITLE_MAX, 'error.tooLong'),
  body: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(MAX_MESSAGE_LENGTH, 'error.tooLong'),
})

/** A new thread's title and first post (group pages and the forum): errors next to each field, values kept. */
export function parseNewThread(context: AppLoadContext, formData: FormData) {
  const t = translator(context.locale)
  const parsed = parseForm(NewThreadForm, formData, t)
  if (parsed.success) return { ok: true as const, data: parsed.data }
  const { title = '', body = '' } = formObject(formData)
  return {
    ok: false as const,
    response: formError(parsed.errors, { title, body }, { extra: { intent: 'thread', error: t('form.errorSummary') } }),
  }
}
