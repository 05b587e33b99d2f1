import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { formatDateTime, formatMoney, type MessageKey } from '~/i18n'
import { ticketQrSvg } from '~/features/events/event-files.server'
import { formatTicketCode, ticketsOf } from '~/features/events/event-registrations.server'
import { managedEvents } from '~/features/events/events.server'
import { requireUser } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import eventsCss from '~/features/events/components/events.css'

export const meta = titleMeta('events.account.tickets')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsCss }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const since = context.app.now().getTime() - 7 * 86400_000
  const tickets = await Promise.all(
    ticketsOf(context.app, viewer.id)
      .filter((row) => row.event.startsAt.getTime() >= since)
      .map(async ({ registration: r, event }) => ({
        id: r.id,
        event,
        status: r.status,
        places: r.places,
        amountCents: r.amountCents,
        code: r.status === 'confirmed' ? formatTicketCode(r.ticketCode) : null,
        qr: r.status === 'confirmed' ? await ticketQrSvg(r.ticketCode) : null,
      })),
  )
  return { tickets, managed: viewer.role === 'registered' ? [] : managedEvents(context.app, viewer) }
}

const STATUS: Record<string, MessageKey> = { confirmed: 'events.status.confirmed', held: 'events.status.held', waitlisted: 'events.status.waitlisted' }

export default function MyTickets() {
  const t = useT()
  const { locale } = useRootData()
  const { tickets, managed } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <div className="narrow account-page">
        <PageHeader title={t('events.account.tickets')} lead={t('events.account.ticketsLead')} />
        {tickets.length === 0 ? (
          <div className="state card">
            <p>{t('events.account.noTickets')}</p>
            <Link to="/evenements">{t('events.account.browse')}</Link>
          </div>
        ) : (
          <ul className="stack tickets">
            {tickets.map((ticket) => (
              <li key={ticket.id} className="card ticket-card">
                <div>
                  <h2>
                    <Link to={`/evenements/${ticket.event.id}`}>{ticket.event.title}</Link>
                  </h2>
                  <p>{formatDateTime(locale, new Date(ticket.event.startsAt), ticket.event.timeZone)}</p>
                  <p className="muted">{ticket.event.online ? t('events.online') : [ticket.event.venue, ticket.event.city].filter(Boolean).join(', ')}</p>
                  <p>
                    <span className={`badge${ticket.status === 'confirmed' ? ' badge--success' : ''}`}>{t(STATUS[ticket.status])}</span>{' '}
                    {ticket.places > 1 ? t('events.account.places', { count: ticket.places }) : null}{' '}
                    {ticket.amountCents > 0 ? formatMoney(locale, ticket.amountCents) : null}
                  </p>
                  {ticket.event.status === 'cancelled' ? <p className="badge badge--danger">{t('events.cancelledBadge')}</p> : null}
                </div>
                {ticket.qr && ticket.code ? (
                  <figure className="ticket">
                    <div
                      className="ticket__qr"
                      role="img"
                      aria-label={t('events.ticket.qrLabel', { code: ticket.code })}
                      dangerouslySetInnerHTML={{ __html: ticket.qr }}
                    />
                    <figcaption>
                      <strong className="ticket__code">{ticket.code}</strong>
                    </figcaption>
                  </figure>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {managed.length > 0 ? (
          <section className="card" aria-labelledby="organized">
            <h2 id="organized">{t('events.account.organized')}</h2>
            <ul>
              {managed.map((e) => (
                <li key={e.id}>
                  <Link to={`/evenements/${e.id}/gestion`}>{e.title}</Link> — {formatDateTime(locale, new Date(e.startsAt), e.timeZone)}
                  {e.status === 'cancelled' ? ` (${t('events.cancelledBadge')})` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
