import type { AppLoadContext } from '@remix-run/node'
import { translator } from '~/i18n'
import { changePassword, requestEmailChange } from '~/features/accounts/accounts.server'
import { emailChangeForm, passwordChangeForm } from '~/features/accounts/account-forms.server'
import { requireUser } from '~/features/accounts/guards.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { redirectWithToast } from '~/shared/toast.server'
import { parseForm, type FieldErrors } from '~/shared/validation'

/** Where the forms live since « Mon compte » got its menu; a success lands there, with its toast. */
export const CREDENTIALS_PATH = '/mon-compte/coordonnees'

/**
 * The two forms of « Coordonnées et mot de passe », told apart by `intent`. Both
 * /mon-compte/coordonnees and /mon-compte (where the forms lived before, and where a page opened
 * before the move still posts) answer through here.
 */
export async function credentialsAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = formData.get('intent') === 'email' ? 'email' : 'password'

  if (intent === 'email') {
    const newEmail = String(formData.get('newEmail') ?? '')
    const parsed = parseForm(emailChangeForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, { newEmail }, { extra: { intent } })
    const result = await requestEmailChange(context.app, {
      userId: viewer.id,
      currentPassword: parsed.data.currentPassword,
      newEmail: parsed.data.newEmail,
      baseUrl: baseUrl(request, context.app.config.APP_URL),
    })
    if (!result.ok) {
      const errors: FieldErrors = result.error === 'wrongPassword' ? { currentPassword: [t('error.wrongPassword')] } : { newEmail: [t('error.sameEmail')] }
      return formError(errors, { newEmail }, { extra: { intent } })
    }
    return redirectWithToast(context, CREDENTIALS_PATH, {
      type: 'info',
      key: 'account.email.sent',
      params: { email: parsed.data.newEmail.toLowerCase() },
    })
  }

  const parsed = parseForm(passwordChangeForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent } })
  const result = await changePassword(context.app, {
    userId: viewer.id,
    currentSessionId: context.session!.id,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
  })
  if (!result.ok) {
    return formError({ currentPassword: [t('error.wrongPassword')] }, {}, { extra: { intent } })
  }
  return redirectWithToast(context, CREDENTIALS_PATH, { type: 'success', key: 'account.password.changed' })
}
