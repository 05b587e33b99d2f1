import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { formatDateTime } from '~/i18n'
import { listOutbox } from '~/shared/mail.server'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

const PER_PAGE = 20
export const meta = titleMeta('admin.emails')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const page = pageParam(request)
  const { rows, total } = listOutbox(context.app.db, { page, perPage: PER_PAGE })
  return json({
    smtp: context.app.mailer.kind === 'smtp',
    page,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    mails: rows.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString() })),
  })
}

export default function Outbox() {
  const t = useT()
  const { locale } = useRootData()
  const { smtp, mails, page, pages } = useLoaderData<typeof loader>()
  return (
    <section>
      <h2>{t('admin.emails')}</h2>
      <p className="muted">{smtp ? t('admin.emails.smtp') : t('admin.emails.lead')}</p>
      {mails.length === 0 ? (
        <p className="card state state--soft">{t('admin.emails.empty')}</p>
      ) : (
        <ul className="mail-list" role="list">
          {mails.map((m) => (
            <li key={m.id} className="card">
              <details>
                <summary>
                  <strong>{m.subject}</strong>
                  <span className="muted">
                    {' '}
                    — {m.to} · <time dateTime={m.createdAt}>{formatDateTime(locale, new Date(m.createdAt))}</time>
                  </span>
                </summary>
                <pre className="mail-body">{m.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
