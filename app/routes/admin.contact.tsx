import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { formatDateTime } from '~/i18n'
import { SubmitButton } from '~/shared/components/forms'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, safeRedirect } from '~/shared/validation'
import { requireWebmaster } from '~/features/accounts/guards.server'
import termsCss from '~/features/moderation/components/terms.css'
import { contactInbox, markContactMessage } from '~/features/moderation/contact.server'

export const meta = titleMeta('contactForm.admin.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const open = new URL(request.url).searchParams.get('statut') === 'a-traiter'
  const page = pageParam(request)
  const inbox = contactInbox(context.app, { page, open })
  return {
    open,
    page,
    pages: inbox.pages,
    total: inbox.total,
    openCount: inbox.openCount,
    associationEmail: context.app.config.ASSOCIATION_EMAIL,
    messages: inbox.rows.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      subject: m.subject,
      body: m.body,
      fromAccount: m.userId !== null,
      createdAt: m.createdAt.toISOString(),
      handledAt: m.handledAt?.toISOString() ?? null,
    })),
  }
}

const MarkForm = z.object({ intent: z.enum(['handled', 'reopen']), messageId: z.coerce.number().int().positive(), back: z.string().max(500).optional() })

/** « Marquer comme traité », and back. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireWebmaster(request, context)
  const parsed = MarkForm.safeParse(formObject(await readForm(request)))
  if (!parsed.success) throw new Response('Formulaire invalide', { status: 400 })
  const back = safeRedirect(parsed.data.back, '/admin/contact')
  const done = markContactMessage(context.app, { id: parsed.data.messageId, handled: parsed.data.intent === 'handled' })
  if (!done) return redirectWithToast(context, back, { type: 'error', key: 'contactForm.admin.unknown' })
  return redirectWithToast(context, back, {
    type: 'success',
    key: parsed.data.intent === 'handled' ? 'contactForm.admin.marked' : 'contactForm.admin.reopened',
  })
}

export default function AdminContact() {
  const t = useT()
  const { locale } = useRootData()
  const location = useLocation()
  const { open, page, pages, total, openCount, associationEmail, messages } = useLoaderData<typeof loader>()
  const here = `${location.pathname}${location.search}`
  return (
    <section>
      <h2>{t('contactForm.admin.title')}</h2>
      <p className="muted">{t('contactForm.admin.lead', { email: associationEmail })}</p>
      <nav className="tabs" aria-label={t('contactForm.admin.filter')}>
        <Link to="/admin/contact" className={`tabs__link${open ? '' : ' active'}`} aria-current={open ? undefined : 'page'}>
          {t('contactForm.admin.filter.all')}
        </Link>
        <Link to="/admin/contact?statut=a-traiter" className={`tabs__link${open ? ' active' : ''}`} aria-current={open ? 'page' : undefined}>
          {t('contactForm.admin.filter.open')} ({openCount})
        </Link>
      </nav>
      <p className="muted" aria-live="polite">
        {t('contactForm.admin.count', { count: total })}
      </p>
      {messages.length === 0 ? (
        <p className="card state state--soft">{open ? t('contactForm.admin.emptyOpen') : t('contactForm.admin.empty')}</p>
      ) : (
        <ul className="contact-list">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <article aria-labelledby={`contact-${m.id}`}>
                <div className="contact-list__head">
                  <h3 id={`contact-${m.id}`}>{m.subject}</h3>
                  {m.handledAt ? (
                    <span className="badge badge--success">{t('contactForm.admin.handledOn', { date: formatDateTime(locale, new Date(m.handledAt)) })}</span>
                  ) : (
                    <span className="badge">{t('contactForm.admin.open')}</span>
                  )}
                </div>
                <p className="muted">
                  {m.name} · <a href={`mailto:${m.email}`}>{m.email}</a>
                  {m.fromAccount ? ` · ${t('contactForm.admin.fromMember')}` : ''} ·{' '}
                  <time dateTime={m.createdAt}>{formatDateTime(locale, new Date(m.createdAt))}</time>
                </p>
                <p className="contact-list__body">{m.body}</p>
                <div className="terms-actions">
                  <a className="button button--ghost button--small" href={`mailto:${m.email}?subject=${encodeURIComponent(`Re: ${m.subject}`)}`}>
                    {t('contactForm.admin.reply')}
                  </a>
                  <Form method="post">
                    <input type="hidden" name="messageId" value={m.id} />
                    <input type="hidden" name="back" value={here} />
                    <SubmitButton intent={m.handledAt ? 'reopen' : 'handled'} className="button button--ghost button--small">
                      {m.handledAt ? t('contactForm.admin.reopen') : t('contactForm.admin.markHandled')}
                    </SubmitButton>
                  </Form>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
