import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData } from '@remix-run/react'
import { translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { ElectionForm } from '~/features/elections/components/setup-election-form'
import setupCss from '~/features/elections/components/setup-pages.css'
import { createElection, keptFormValues, readElectionForm } from '~/features/elections/setup.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { baseUrl, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('elections.setup.create.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const { app } = context
  const t = translator(context.locale)
  const values = formObject(await readForm(request))
  const read = readElectionForm(app.db, values, t)
  if (!read.ok) return formError(read.errors, keptFormValues(values))
  const { id } = createElection(app, read.input, viewer.id, baseUrl(request, app.config.APP_URL))
  return redirectWithToast(context, `/admin/elections/${id}`, { type: 'success', key: 'elections.setup.toast.created' })
}

export default function NewElection() {
  const t = useT()
  const failure = formFailure(useActionData<typeof action>())
  return (
    <section aria-labelledby="new-election-title" className="setup-page">
      <p>
        <Link to="/admin/elections">{t('elections.setup.backToList')}</Link>
      </p>
      <h2 id="new-election-title">{t('elections.setup.create.title')}</h2>
      <p className="lead">{t('elections.setup.create.lead')}</p>
      <ElectionForm values={{}} failure={failure} trusteeCount={3} submitLabel={t('elections.setup.create.submit')} />
    </section>
  )
}
