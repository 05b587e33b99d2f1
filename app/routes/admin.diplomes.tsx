import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { translator, type Translate } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { RosterImports, RosterList } from '~/features/roster/components/roster-list'
import { RosterPreview } from '~/features/roster/components/roster-preview'
import { ActivationLinks } from '~/features/roster/components/activation-links'
import rosterCss from '~/features/roster/components/roster.css'
import { COLUMN_KEYS } from '~/features/roster/preview-text'
import { applyRoster, recentImports, type RosterReadError } from '~/features/roster/roster-import.server'
import { rosterList, rosterOverview } from '~/features/roster/roster-list.server'
import { applyRosterPreview, rosterPreviewView, startRosterPreview } from '~/features/roster/roster-preview.server'
import { isPreviewFilter, MAX_ROSTER_BYTES, MAX_ROSTER_ROWS, rosterListQuery } from '~/features/roster/schema'
import { ErrorSummary, FileField, SubmitButton } from '~/shared/components/forms'
import { pageParam } from '~/shared/components/pagination'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { FILE_TOO_LARGE, parseUploadForm, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'

// « Fichier des diplômés » (issue #17): the import of the school's list (preview, then apply)
// and the list itself, for webmasters.

export const meta = titleMeta('roster.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: rosterCss }]

const MAX_MB = MAX_ROSTER_BYTES / (1024 * 1024)
const PAGE_PATH = '/admin/diplomes'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const url = new URL(request.url)
  const app = context.app
  const token = url.searchParams.get('apercu')
  if (token) {
    const filter = url.searchParams.get('lignes')
    const preview = await rosterPreviewView(app, { token, viewerId: viewer.id, filter: isPreviewFilter(filter) ? filter : 'changes', page: pageParam(request) })
    return { preview, overview: rosterOverview(app), limits: { maxMb: MAX_MB, maxRows: MAX_ROSTER_ROWS } }
  }
  const query = rosterListQuery(url.searchParams, app.now())
  return {
    preview: null,
    overview: rosterOverview(app),
    limits: { maxMb: MAX_MB, maxRows: MAX_ROSTER_ROWS },
    query,
    list: rosterList(app, { ...query, page: pageParam(request) }),
    imports: recentImports(app),
  }
}

/** Why a file is refused, in the reader's words, and the status that goes with it. */
function refusal(t: Translate, read: RosterReadError): { message: string; status: number } {
  switch (read.error) {
    case 'tooLarge':
      return { message: t('roster.error.tooLarge', { max: MAX_MB }), status: 413 }
    case 'tooManyRows':
      return { message: t('roster.error.tooManyRows', { max: read.max }), status: 413 }
    case 'notCsv':
      return { message: t(`roster.error.notCsv.${read.kind}`), status: 415 }
    case 'empty':
      return { message: t('roster.error.empty'), status: 400 }
    case 'unclosedQuote':
      return { message: t('roster.error.unclosedQuote', { line: read.line }), status: 400 }
    case 'missingColumns':
      return {
        message: t('roster.error.missingColumns', {
          missing: read.missing.map((c) => t(COLUMN_KEYS[c])).join(', '),
          found: read.found.length > 0 ? read.found.join(', ') : t('roster.error.noColumns'),
        }),
        status: 400,
      }
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const app = context.app
  const fileError = (message: string, status: number) => formError({ file: [message] }, {}, { status })
  let formData: FormData
  try {
    const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
    formData = multipart ? await parseUploadForm(request, MAX_ROSTER_BYTES) : await readForm(request)
  } catch (error) {
    if (!(error instanceof UploadTooLarge)) throw error
    return fileError(t('roster.error.tooLarge', { max: MAX_MB }), 413)
  }
  const intent = formData.get('intent')
  invariantResponse(intent === 'preview' || intent === 'apply', 'Unknown intent')
  const upload = formData.get('file')
  const applied = (result: { counts: Record<'new' | 'update' | 'unchanged' | 'error', number> }) =>
    redirectWithToast(context, PAGE_PATH, { type: 'success', key: 'roster.applied', params: { ...result.counts } })

  // The preview page's button: the file stored at the preview, named by its signed token.
  const token = formData.get('apercu')
  if (intent === 'apply' && typeof token === 'string' && token && !(upload instanceof File)) {
    const result = await applyRosterPreview(app, { token, viewerId: viewer.id })
    if (result.ok) return applied(result)
    if (result.error === 'expired' || result.error === 'applied')
      return formError({ form: [t(result.error === 'expired' ? 'roster.error.expired' : 'roster.error.applied')] }, {}, { status: 409 })
    const refused = refusal(t, result)
    return fileError(refused.message, refused.status)
  }

  if (upload === FILE_TOO_LARGE) return fileError(t('roster.error.tooLarge', { max: MAX_MB }), 413)
  if (!(upload instanceof File)) return fileError(t('roster.error.fileRequired'), 400)
  const bytes = new Uint8Array(await upload.arrayBuffer())
  const input = { bytes, filename: upload.name || 'diplomes.csv', by: viewer.id }
  if (intent === 'apply') {
    // The file posted with `intent=apply` itself (a script, or a form without the preview): applied at once.
    const result = applyRoster(app, input)
    if (result.ok) return applied(result)
    const refused = refusal(t, result)
    return fileError(refused.message, refused.status)
  }
  const started = await startRosterPreview(app, input)
  if (!started.ok) {
    const refused = refusal(t, started)
    return fileError(refused.message, refused.status)
  }
  return redirect(`${PAGE_PATH}?apercu=${encodeURIComponent(started.token)}`)
}

export default function RosterPage() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const { errors } = useFormFailure()
  const { overview } = data
  return (
    <section className="roster">
      <div className="roster-header">
        <h2>{t('roster.title')}</h2>
        {/* The activation part (#17) puts its links here: the review queue, the invitations to activate. */}
        <div className="roster-header__actions">
          <ActivationLinks />
        </div>
      </div>
      <p className="muted">{t('roster.lead')}</p>
      <p>{t('roster.summary', { rows: overview.rows, claimed: overview.claimed })}</p>
      {data.preview ? (
        <>
          {errors.form ? <ErrorSummary errors={errors} /> : null}
          <RosterPreview view={data.preview} />
        </>
      ) : (
        <>
          <Form method="post" encType="multipart/form-data" className="card form roster-import" noValidate>
            <h3>{t('roster.import.title')}</h3>
            <ErrorSummary errors={errors} />
            <p>{t('roster.import.lead')}</p>
            <p className="muted">{t('roster.import.columns')}</p>
            <FileField
              label={t('roster.import.field')}
              hint={t('roster.import.hint', { max: data.limits.maxMb, rows: data.limits.maxRows })}
              name="file"
              accept=".csv,.txt,text/csv,text/plain"
              required
              errors={errors.file}
            />
            <p className="muted">{t('roster.import.note')}</p>
            <SubmitButton intent="preview">{t('roster.import.submit')}</SubmitButton>
          </Form>
          <div className="roster-section">
            <RosterImports imports={data.imports} />
          </div>
          <div className="roster-section">
            <RosterList list={data.list} query={data.query} promotions={overview.promotions} empty={overview.rows === 0} />
          </div>
        </>
      )}
    </section>
  )
}
