import { Link } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { Avatar } from '~/shared/components/avatar'
import { EventCard, type CardEvent } from '~/features/events/components/event-card'
import { OfferCard, type CardOffer } from '~/features/careers/components/offer-card'
import { EmptyState } from '~/features/home/components/empty-state'

export interface DashboardData {
  member: boolean
  events: (CardEvent & { registration: 'confirmed' | 'held' | 'waitlisted' })[]
  publicEvents: CardEvent[]
  groups: { total: number; groups: { id: number; name: string; unread: number }[]; more: number } | null
  offers: { alerts: number; total: number; offers: CardOffer[] } | null
  classmates: {
    promotion: number
    members: { id: string; firstName: string; lastName: string; company: string | null; jobTitle: string | null; city: string | null; photo: boolean }[]
  } | null
}

const REGISTRATION: Record<DashboardData['events'][number]['registration'], { key: MessageKey; tone: string }> = {
  confirmed: { key: 'home.dash.events.confirmed', tone: 'badge--success' },
  held: { key: 'home.dash.events.held', tone: 'badge--warning' },
  waitlisted: { key: 'home.dash.events.waitlisted', tone: 'badge--waitlist' },
}

function Block({ id, title, children, action }: { id: string; title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <section className="card home-block" aria-labelledby={id} data-testid={id}>
      <div className="home-block__head">
        <h2 id={id}>{title}</h2>
        {action}
      </div>
      {children}
    </section>
  )
}

function MyEvents({ events }: { events: DashboardData['events'] }) {
  const t = useT()
  return (
    <Block id="dash-events" title={t('home.dash.events.title')} action={events.length ? <Link to="/evenements">{t('home.dash.events.browse')}</Link> : null}>
      {events.length === 0 ? (
        <EmptyState icon="calendar" text={t('home.dash.events.empty')}>
          <Link to="/evenements">{t('home.dash.events.browse')}</Link>
        </EmptyState>
      ) : (
        <ul className="event-list" role="list">
          {events.map((event) => (
            <li key={event.id}>
              <EventCard
                event={event}
                headingLevel={3}
                extra={<span className={`badge ${REGISTRATION[event.registration].tone}`}>{t(REGISTRATION[event.registration].key)}</span>}
              />
            </li>
          ))}
        </ul>
      )}
    </Block>
  )
}

function Unread({ groups }: { groups: NonNullable<DashboardData['groups']> }) {
  const t = useT()
  const { notifications } = useRootData()
  return (
    <Block id="dash-groups" title={t('home.dash.groups.title')} action={<Link to="/groupes">{t('home.dash.groups.open')}</Link>}>
      {notifications > 0 ? (
        <p>
          <Link to="/notifications" className="home-mentions">
            {t('home.dash.mentions', { count: notifications })}
          </Link>
        </p>
      ) : null}
      {groups.total === 0 ? (
        <EmptyState icon="chat" text={t('home.dash.groups.empty')}>
          <Link to="/discussions">{t('home.dash.groups.forum')}</Link>
        </EmptyState>
      ) : (
        <>
          <p className="home-block__lead">{t('home.dash.groups.summary', { count: groups.total })}</p>
          <ul className="home-unread" role="list">
            {groups.groups.map((g) => (
              <li key={g.id}>
                <Link to={`/groupes/${g.id}`}>{g.name}</Link>
                <span className="badge badge--count">{t('home.dash.groups.unread', { count: g.unread })}</span>
              </li>
            ))}
          </ul>
          {groups.more > 0 ? <p className="muted">{t('home.dash.groups.more', { count: groups.more })}</p> : null}
        </>
      )}
    </Block>
  )
}

function Offers({ offers }: { offers: NonNullable<DashboardData['offers']> }) {
  const t = useT()
  return (
    <Block
      id="dash-offers"
      title={t('home.dash.offers.title')}
      action={offers.alerts > 0 ? <Link to="/carriere/alertes">{t('home.dash.offers.manage')}</Link> : null}
    >
      {offers.alerts === 0 ? (
        <EmptyState icon="briefcase" text={t('home.dash.offers.noAlerts')}>
          <Link to="/carriere/alertes">{t('home.dash.offers.createAlert')}</Link>
        </EmptyState>
      ) : offers.total === 0 ? (
        <EmptyState icon="briefcase" text={t('home.dash.offers.none')}>
          <Link to="/carriere/offres">{t('home.dash.offers.browse')}</Link>
        </EmptyState>
      ) : (
        <>
          <p className="home-block__lead">{t('home.dash.offers.lead', { count: offers.total })}</p>
          <ul className="home-offers" role="list">
            {offers.offers.map((offer) => (
              <li key={offer.id}>
                <OfferCard offer={offer} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Block>
  )
}

function Classmates({ classmates }: { classmates: DashboardData['classmates'] }) {
  const t = useT()
  if (!classmates)
    return (
      <Block id="dash-classmates" title={t('home.dash.classmates.titleNone')}>
        <EmptyState icon="people" text={t('home.dash.classmates.noPromotion')}>
          <Link to="/mon-compte/profil">{t('home.dash.classmates.completeProfile')}</Link>
        </EmptyState>
      </Block>
    )
  const { promotion, members } = classmates
  const browse = <Link to={`/annuaire?promo=${promotion}`}>{t('home.dash.classmates.browse', { promotion })}</Link>
  return (
    <Block id="dash-classmates" title={t('home.dash.classmates.title', { promotion })} action={members.length ? browse : null}>
      {members.length === 0 ? (
        <EmptyState icon="people" text={t('home.dash.classmates.empty')}>
          {browse}
        </EmptyState>
      ) : (
        <>
          <p className="home-block__lead">{t('home.dash.classmates.lead')}</p>
          <ul className="home-people" role="list">
            {members.map((m) => (
              <li key={m.id} className="home-person">
                <Avatar person={m} size="medium" />
                <span>
                  <Link to={`/membres/${m.id}`} className="home-person__name">
                    {m.firstName} {m.lastName}
                  </Link>
                  {m.jobTitle || m.company || m.city ? (
                    <span className="home-person__meta">{[[m.jobTitle, m.company].filter(Boolean).join(' @ '), m.city].filter(Boolean).join(' · ')}</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Block>
  )
}

/** The logged-in home page: what is next for me, what waits for me, who just arrived. */
export function Dashboard({ data }: { data: DashboardData }) {
  const t = useT()
  const { viewer } = useRootData()
  return (
    <>
      <section className="hero hero--compact">
        <p className="hero__eyebrow">{t('home.dash.title')}</p>
        <h1>{t('home.greeting', { firstName: viewer?.firstName ?? '' })}</h1>
        <p className="lead">{t(data.member ? 'home.memberHint' : 'home.registeredHint')}</p>
        <div className="hero__actions">
          {data.member ? (
            <Link to="/annuaire" className="button button--primary">
              {t('home.cta.directory')}
            </Link>
          ) : (
            <a href="/cotiser" className="button button--primary">
              {t('home.cta.dues')}
            </a>
          )}
        </div>
      </section>
      <div className="home-dashboard">
        <MyEvents events={data.events} />
        {data.groups ? <Unread groups={data.groups} /> : null}
        {data.offers ? <Offers offers={data.offers} /> : null}
        {data.member ? <Classmates classmates={data.classmates} /> : null}
        {data.member ? null : (
          <Block id="dash-join" title={t('home.dash.join.title')}>
            <p>{t('home.dash.join.body')}</p>
            <p>
              <a href="/cotiser" className="button button--primary">
                {t('home.cta.dues')}
              </a>
            </p>
          </Block>
        )}
        {data.publicEvents.length > 0 ? (
          <Block id="dash-public" title={t('home.dash.public.title')} action={<Link to="/evenements">{t('home.events.all')}</Link>}>
            <ul className="event-list" role="list">
              {data.publicEvents.map((event) => (
                <li key={event.id}>
                  <EventCard event={event} headingLevel={3} />
                </li>
              ))}
            </ul>
          </Block>
        ) : null}
      </div>
    </>
  )
}
