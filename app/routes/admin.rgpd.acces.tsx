import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { formatDate, type MessageKey } from '~/i18n'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { accessLog } from '~/features/privacy/access-log.server'
import { PRIVATE_DOCUMENTS, type PrivateDocument } from '~/features/privacy/schema'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('privacy.accessLog.title')

const DOCUMENT_LABELS: Record<PrivateDocument, MessageKey> = {
  proof: 'privacy.accessLog.document.proof',
  cv: 'privacy.accessLog.document.cv',
  receipt: 'privacy.accessLog.document.receipt',
  export: 'privacy.accessLog.document.export',
}

const isDocument = (value: string | null): value is PrivateDocument => PRIVATE_DOCUMENTS.some((d) => d === value)

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const asked = new URL(request.url).searchParams.get('document')
  // An unknown kind in the address is no filter rather than an error: the form only offers the four.
  const document = isDocument(asked) ? asked : undefined
  return { ...accessLog(context.app, { page: pageParam(request), document }), document: document ?? '' }
}

/** Who opened whose private document, and when (issue #16): the webmasters' side of « Mes données ». */
export default function AccessLog() {
  const t = useT()
  const { locale } = useRootData()
  const { rows, total, page, pages, document } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/admin/rgpd">← {t('privacy.accessLog.back')}</Link>
      </p>
      <h2>{t('privacy.accessLog.title')}</h2>
      <p className="muted">{t('privacy.accessLog.lead')}</p>
      <Form method="get" className="search-bar search-bar--end">
        <div className="field">
          <label htmlFor="document">{t('privacy.accessLog.filter')}</label>
          <select id="document" name="document" defaultValue={document}>
            <option value="">{t('privacy.accessLog.all')}</option>
            {PRIVATE_DOCUMENTS.map((d) => (
              <option key={d} value={d}>
                {t(DOCUMENT_LABELS[d])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t('privacy.accessLog.apply')}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="card state state--soft">{document ? t('privacy.accessLog.emptyFiltered') : t('privacy.accessLog.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('privacy.accessLog.count', { count: total })}</p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('privacy.accessLog.when')}</th>
                  <th scope="col">{t('privacy.accessLog.who')}</th>
                  <th scope="col">{t('privacy.accessLog.what')}</th>
                  <th scope="col">{t('privacy.accessLog.whose')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDate(locale, new Date(r.at), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' })}</td>
                    <td data-label={t('privacy.accessLog.who')}>{r.actorName ?? <span className="muted">{t('privacy.accessLog.formerWebmaster')}</span>}</td>
                    <td data-label={t('privacy.accessLog.what')}>{t(DOCUMENT_LABELS[r.document])}</td>
                    <td data-label={t('privacy.accessLog.whose')}>{r.subjectName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={page} pages={pages} />
    </>
  )
}
