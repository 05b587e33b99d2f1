import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/i18n'
import { setPreferredLocale } from '~/features/accounts/accounts.server'
import { safeRedirect } from '~/shared/validation'
import { readForm } from '~/shared/http.server'

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const locale = form.get('locale')
  const to = safeRedirect(form.get('redirectTo'))
  if (!isLocale(locale)) return redirect(to)
  if (context.viewer) setPreferredLocale(context.app, context.viewer.id, locale)
  const secure = context.secure ? '; Secure' : ''
  return redirect(to, {
    headers: { 'Set-Cookie': `amicale_lang=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  })
}

export function loader() {
  return redirect('/')
}
