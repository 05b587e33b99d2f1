import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { redirectWithToast } from '~/shared/toast.server'
import { titleMeta } from '~/shared/meta'
import { useT } from '~/shared/i18n'
import { formatDate, translator } from '~/i18n'
import { consentStates } from '~/features/privacy/consents.server'
import { parseForm } from '~/shared/validation'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { endSession, requireUser } from '~/features/accounts/guards.server'
import * as throttle from '~/features/accounts/throttle.server'
import privacyCss from '~/features/privacy/components/privacy.css'
import { MyData } from '~/features/privacy/components/my-data'
import { eraseAccount } from '~/features/privacy/erasure.server'
import { exportsOf, nextExportAllowedAt, requestExport } from '~/features/privacy/exports.server'
import { heldAbout, latestLogins, passwordMatches } from '~/features/privacy/mine.server'
import { accessesOf } from '~/features/privacy/access-log.server'

export const meta = titleMeta('privacy.mine.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: privacyCss }]

/** « Mes données » (issue #16): for every account, members and registered alike. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const ctx = context.app
  const held = heldAbout(ctx, viewer.id)
  return {
    held,
    consents: consentStates(ctx, viewer.id).map(({ consent, label, granted, since }) => ({ consent, label, granted, since })),
    accesses: accessesOf(ctx, viewer.id),
    logins: latestLogins(ctx, viewer.id),
    exports: exportsOf(ctx, viewer.id),
    nextExportAt: nextExportAllowedAt(ctx, viewer.id),
    isWebmaster: viewer.isWebmaster,
  }
}

const eraseForm = z.object({
  password: z.string({ required_error: 'privacy.mine.erase.passwordRequired' }).min(1, 'privacy.mine.erase.passwordRequired').max(1024),
  confirm: z.literal('on', { errorMap: () => ({ message: 'privacy.mine.erase.confirmRequired' }) }),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const ctx = context.app
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const origin = baseUrl(request, ctx.config.APP_URL)

  if (intent === 'export') {
    const result = requestExport(ctx, { userId: viewer.id, requestedBy: null, baseUrl: origin })
    if (!result.ok) {
      const next = nextExportAllowedAt(ctx, viewer.id) ?? ctx.now()
      return formError(
        {
          form: [
            t('privacy.mine.export.tooSoon', { date: formatDate(context.locale, next, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }) }),
          ],
        },
        {},
        { status: 429, extra: { intent } },
      )
    }
    return redirectWithToast(context, '/mon-compte/donnees#exporter', { type: 'success', key: 'privacy.mine.export.requested' })
  }

  if (intent === 'erase') {
    const parsed = parseForm(eraseForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent } })
    // Guesses at the password are counted as log-in attempts are: five per quarter of an hour.
    const key = `erase:account:${viewer.id}`
    const wait = throttle.reserveAttempt(ctx.db, [{ key, rule: throttle.rules.loginPerAccount }], ctx.now())
    if (wait > 0) return formError({ password: [t('error.throttled', { minutes: Math.ceil(wait / 60_000) })] }, {}, { status: 429, extra: { intent } })
    if (!(await passwordMatches(ctx, viewer.id, parsed.data.password))) return formError({ password: [t('error.wrongPassword')] }, {}, { extra: { intent } })
    throttle.clear(ctx.db, key)
    await eraseAccount(ctx, { userId: viewer.id, by: null, baseUrl: origin })
    // The sessions went with the account; the browser's cookie goes now.
    const cookie = await endSession(context)
    return redirectWithToast(context, '/', { type: 'success', key: 'privacy.mine.erase.done' }, { 'Set-Cookie': cookie })
  }

  return formError({ form: [t('privacy.mine.unknownIntent')] }, {}, { extra: { intent: String(intent ?? '') } })
}

export default function MesDonnees() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <div className="narrow narrow--wide account-page">
        <PageHeader title={t('privacy.mine.title')} lead={t('privacy.mine.lead')} />
        <MyData {...data} />
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
