import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { formatDate } from '~/i18n'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, safeRedirect } from '~/shared/validation'
import { requireUser } from '~/features/accounts/guards.server'
import { TermsChanges } from '~/features/moderation/components/terms-page'
import termsCss from '~/features/moderation/components/terms.css'
import { TERMS_PROMPT_PATH } from '~/features/moderation/terms-gate.server'
import { acceptTermsInForce, termsInForce, termsPendingFor } from '~/features/moderation/terms.server'

export const meta = titleMeta('terms.prompt.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

/** Where to go once accepted: a path of this site, and never this page again. */
function destination(to: FormDataEntryValue | string | null): string {
  const target = safeRedirect(to, '/')
  return target.startsWith(TERMS_PROMPT_PATH) ? '/' : target
}

/** The page the gate sends an account to after a new version comes in force (server/http.ts, terms-gate.server.ts). */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const back = destination(new URL(request.url).searchParams.get('redirectTo'))
  const current = termsInForce(context.app)
  // Nothing to accept (already done, or no terms at all): straight on.
  if (!current || termsPendingFor(context.app, viewer.id) === null) throw redirect(back)
  return { version: current.version, summary: current.summary, effectiveAt: current.effectiveAt.toISOString() }
}

const AcceptForm = z.object({ version: z.coerce.number().int().positive(), redirectTo: z.string().max(2000).optional() })

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const parsed = AcceptForm.safeParse(formObject(await readForm(request)))
  if (!parsed.success) throw new Response('Formulaire invalide', { status: 400 })
  const result = acceptTermsInForce(context.app, { userId: viewer.id, version: parsed.data.version })
  // Another version came in force while the page was open: the page shows it, with its own changes.
  // (A 200, so that the page's data is read again with the new version.)
  if (!result.ok) return { changed: true }
  return redirectWithToast(context, destination(parsed.data.redirectTo ?? null), {
    type: 'success',
    key: 'terms.prompt.done',
    params: { version: parsed.data.version },
  })
}

export default function AcceptTerms() {
  const t = useT()
  const { locale } = useRootData()
  const { version, summary, effectiveAt } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [params] = useSearchParams()
  const redirectTo = params.get('redirectTo') ?? ''
  return (
    <div className="narrow narrow--wide">
      <PageHeader title={t('terms.prompt.title')} lead={t('terms.prompt.lead', { version, date: formatDate(locale, new Date(effectiveAt)) })} />
      {answer?.changed ? <FormAlert tone="info" messages={[t('terms.prompt.changed')]} /> : null}
      <div className="card">
        <TermsChanges summary={summary} />
        <p>
          <Link to={`/cgu/${version}`}>{t('terms.prompt.readFull', { version })}</Link>
        </p>
        <div className="terms-actions">
          <Form method="post">
            <input type="hidden" name="version" value={version} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <SubmitButton>{t('terms.prompt.accept')}</SubmitButton>
          </Form>
          <Form method="post" action="/deconnexion">
            <button type="submit" className="button button--ghost">
              {t('terms.prompt.logout')}
            </button>
          </Form>
        </div>
        <p className="muted">
          {t('terms.prompt.refuse')} <Link to="/contact">{t('terms.prompt.contact')}</Link>
        </p>
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
