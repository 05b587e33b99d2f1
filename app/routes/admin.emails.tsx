import type { ReactNode } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { SubmitButton } from '~/shared/components/forms'
import { formatDateTime, type MessageKey } from '~/i18n'
import { listMails, requeueCopy, type MailFilter } from '~/shared/mail-queue.server'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { safeRedirect } from '~/shared/validation'

const PER_PAGE = 20
const FILTERS = ['all', 'queued', 'sent', 'failed'] as const satisfies readonly MailFilter[]
export const meta = titleMeta('admin.emails')

function readFilters(request: Request) {
  const params = new URL(request.url).searchParams
  const filter = FILTERS.find((f) => f === params.get('statut')) ?? 'all'
  return { filter, q: (params.get('q') ?? '').slice(0, 200) }
}

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const page = pageParam(request)
  const { filter, q } = readFilters(request)
  const { rows, total } = listMails(context.app.db, { filter, q, page, perPage: PER_PAGE })
  return {
    smtp: context.app.mail.delivery === 'smtp',
    filter,
    q,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    mails: rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      kind: m.kind,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      nextAttemptAt: m.nextAttemptAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
      attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
    })),
  }
}

const ResendForm = z.object({ intent: z.literal('resend'), mailId: z.coerce.number().int().positive(), back: z.string().max(500).optional() })

/** « Renvoyer »: a copy of a sent or failed mail goes back in the queue. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireWebmaster(request, context)
  const parsed = ResendForm.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) throw new Response('Formulaire invalide', { status: 400 })
  const back = safeRedirect(parsed.data.back, '/admin/emails')
  const copy = requeueCopy(context.app.db, parsed.data.mailId, context.app.now())
  return redirectWithToast(context, back, copy ? { type: 'success', key: 'admin.emails.resent' } : { type: 'error', key: 'admin.emails.notResendable' })
}

const STATUS_KEYS: Record<string, MessageKey> = {
  queued: 'admin.emails.status.queued',
  sending: 'admin.emails.status.sending',
  sent: 'admin.emails.status.sent',
  failed: 'admin.emails.status.failed',
}
const FILTER_KEYS: Record<MailFilter, MessageKey> = {
  all: 'admin.emails.filter.all',
  queued: 'admin.emails.filter.queued',
  sent: 'admin.emails.filter.sent',
  failed: 'admin.emails.filter.failed',
}

function sizeLabel(bytes: number) {
  return bytes < 1024 ? `${bytes} o` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} Ko` : `${(bytes / 1024 / 1024).toFixed(1)} Mo`
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

function When({ iso }: { iso: string }) {
  const { locale } = useRootData()
  return <time dateTime={iso}>{formatDateTime(locale, new Date(iso))}</time>
}

export default function Outbox() {
  const t = useT()
  const { smtp, mails, filter, q, page, pages, total } = useLoaderData<typeof loader>()
  const query = (f: MailFilter) => `/admin/emails?${new URLSearchParams({ ...(f === 'all' ? {} : { statut: f }), ...(q ? { q } : {}) })}`
  const here = `${query(filter)}${page > 1 ? `&page=${page}` : ''}`
  return (
    <section>
      <h2>{t('admin.emails')}</h2>
      <p className="muted">{smtp ? t('admin.emails.smtp') : t('admin.emails.lead')}</p>
      <nav className="tabs" aria-label={t('admin.emails.filter')}>
        {FILTERS.map((f) => (
          <Link key={f} to={query(f)} className={`tabs__link${f === filter ? ' active' : ''}`} aria-current={f === filter ? 'page' : undefined}>
            {t(FILTER_KEYS[f])}
          </Link>
        ))}
      </nav>
      <Form method="get" className="search-bar" role="search">
        {filter !== 'all' ? <input type="hidden" name="statut" value={filter} /> : null}
        <label className="visually-hidden" htmlFor="mail-search">
          {t('admin.emails.search')}
        </label>
        <input id="mail-search" type="search" name="q" defaultValue={q} placeholder={t('admin.emails.search')} maxLength={200} />
        <button type="submit" className="button button--ghost">
          {t('admin.emails.searchSubmit')}
        </button>
      </Form>
      <p className="muted" aria-live="polite">
        {t('admin.emails.count', { count: total })}
      </p>
      {mails.length === 0 ? (
        <p className="card state state--soft">{q || filter !== 'all' ? t('admin.emails.noMatch') : t('admin.emails.empty')}</p>
      ) : (
        <ul className="mail-list" role="list">
          {mails.map((m) => (
            <li key={m.id} className="card">
              <details>
                <summary>
                  <span className={`badge mail-status mail-status--${m.status}`}>{t(STATUS_KEYS[m.status])}</span>{' '}
                  <strong>{m.subject || t('admin.emails.composing')}</strong>
                  <span className="muted">
                    {m.to || '…'} · <When iso={m.createdAt} />
                  </span>
                </summary>
                <dl className="mail-facts">
                  <Fact label={t('admin.emails.kind')}>
                    <code>{m.kind}</code>
                  </Fact>
                  <Fact label={t('admin.emails.attempts')}>{m.attempts}</Fact>
                  {m.sentAt ? (
                    <Fact label={t('admin.emails.sentAt')}>
                      <When iso={m.sentAt} />
                    </Fact>
                  ) : null}
                  {m.status === 'queued' && m.attempts > 0 ? (
                    <Fact label={t('admin.emails.nextAttempt')}>
                      <When iso={m.nextAttemptAt} />
                    </Fact>
                  ) : null}
                  {m.lastError ? <Fact label={t('admin.emails.lastError')}>{m.lastError}</Fact> : null}
                </dl>
                <pre className="mail-body">{m.text}</pre>
                {m.attachments.length > 0 ? (
                  <>
                    <h3 className="mail-attachments__title">{t('admin.emails.attachments')}</h3>
                    <ul className="mail-attachments">
                      {m.attachments.map((a) => (
                        <li key={a.id}>
                          <a href={`/admin/emails/${m.id}/pieces/${a.id}`} download>
                            {a.filename}
                          </a>{' '}
                          <span className="muted">({sizeLabel(a.size)})</span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {m.status === 'sent' || m.status === 'failed' ? (
                  <Form method="post">
                    <input type="hidden" name="mailId" value={m.id} />
                    <input type="hidden" name="back" value={here} />
                    <SubmitButton intent="resend" className="button button--ghost button--small">
                      {t('admin.emails.resend')}
                    </SubmitButton>
                  </Form>
                ) : null}
              </details>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
