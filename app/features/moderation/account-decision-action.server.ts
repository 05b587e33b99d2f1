import type { AppLoadContext } from '@remix-run/node'
import { translator } from '~/i18n'
import type { Viewer } from '~/shared/viewer'
import { decide } from '~/features/moderation/decisions.server'
import { AccountDecisionForm } from '~/features/moderation/schema'
import { formError } from '~/shared/form-result.server'
import { baseUrl } from '~/shared/http.server'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

/**
 * « Désactiver » / « Réactiver » posted from a webmaster's page (/admin/comptes, a member's page):
 * never one's own account; a decision with its statement of reasons, mailed and open to appeal;
 * back to `back` with a toast, or the form's errors.
 */
export async function accountDecisionAction(
  request: Request,
  context: AppLoadContext,
  formData: FormData,
  input: { viewer: Viewer; userId: string; intent: 'deactivate' | 'reactivate'; name: string; back: string },
) {
  const { viewer, userId, intent, back } = input
  if (userId === viewer.id) return redirectWithToast(context, back, { type: 'error', key: 'admin.members.self' })
  const t = translator(context.locale)
  const statement = parseForm(AccountDecisionForm, formData, t)
  if (!statement.success) return formError(statement.errors, formObject(formData), { extra: { intent: `${intent}-${userId}` } })
  const decided = await decide(context.app, {
    by: viewer.id,
    targetKind: 'member',
    targetId: userId,
    action: intent,
    facts: statement.data.facts,
    clause: statement.data.clause || null,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!decided.ok)
    return formError({ form: [t(`moderation.desk.error.${decided.error}`)] }, formObject(formData), { status: 409, extra: { intent: `${intent}-${userId}` } })
  return redirectWithToast(context, back, {
    type: 'success',
    key: intent === 'deactivate' ? 'admin.members.deactivated.toast' : 'admin.members.reactivated.toast',
    params: { name: input.name },
  })
}
