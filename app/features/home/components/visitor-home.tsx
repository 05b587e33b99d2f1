import { Link } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { intlLocale } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { EventCard, type CardEvent } from '~/features/events/components/event-card'
import { EmptyState } from '~/features/home/components/empty-state'

const sections: { to: string; title: MessageKey; body: MessageKey }[] = [
  { to: '/annuaire', title: 'nav.directory', body: 'home.card.directory' },
  { to: '/evenements', title: 'nav.events', body: 'home.card.events' },
  { to: '/carriere', title: 'nav.careers', body: 'home.card.careers' },
  { to: '/groupes', title: 'nav.groups', body: 'home.card.groups' },
  { to: '/discussions', title: 'nav.discussions', body: 'home.card.discussions' },
]

export interface VisitorHomeData {
  numbers: { members: number; promotions: number; upcomingEvents: number }
  events: CardEvent[]
}

/** For visitors: who we are, how many, what comes next, and one thing to do (« Cotiser »). */
export function VisitorHome({ data }: { data: VisitorHomeData }) {
  const t = useT()
  const { settings, locale } = useRootData()
  const number = new Intl.NumberFormat(intlLocale(locale))
  const figures = [
    { key: 'members', value: data.numbers.members, label: t('home.numbers.members', { count: data.numbers.members }) },
    { key: 'promotions', value: data.numbers.promotions, label: t('home.numbers.promotions', { count: data.numbers.promotions }) },
    { key: 'events', value: data.numbers.upcomingEvents, label: t('home.numbers.events', { count: data.numbers.upcomingEvents }) },
  ]
  return (
    <>
      <section className="hero">
        <h1>{t('home.title', { name: settings.associationName })}</h1>
        <p className="lead">{t('home.visitor.about', { name: settings.associationName, school: settings.schoolName })}</p>
        <div className="hero__actions">
          <a href="/cotiser" className="button button--primary">
            {t('home.cta.dues')}
          </a>
          <Link to="/connexion" className="button button--secondary">
            {t('home.visitor.login')}
          </Link>
        </div>
        <p className="hero__signup">
          <Link to="/inscription">{t('home.visitor.signupHint')}</Link>
        </p>
      </section>
      <section className="home-numbers" aria-labelledby="home-numbers">
        <h2 id="home-numbers" className="visually-hidden">
          {t('home.numbers.label')}
        </h2>
        <ul className="home-numbers__list" role="list">
          {figures.map((f) => (
            <li key={f.key} className="home-numbers__item" data-testid={`home-number-${f.key}`}>
              <strong className="home-numbers__value">{number.format(f.value)}</strong> <span className="home-numbers__label">{f.label}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="home-section" aria-labelledby="home-events">
        <div className="home-section__head">
          <h2 id="home-events">{t('home.events.title')}</h2>
          <Link to="/evenements">{t('home.events.all')}</Link>
        </div>
        {data.events.length === 0 ? (
          <EmptyState icon="calendar" text={t('home.events.empty')} />
        ) : (
          <ul className="event-list home-events" role="list" data-testid="home-public-events">
            {data.events.map((event) => (
              <li key={event.id}>
                <EventCard event={event} headingLevel={3} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="home-section" aria-labelledby="home-sections">
        <h2 id="home-sections">{t('home.sections.title')}</h2>
        <ul className="cards" role="list">
          {sections.map((c) => (
            <li key={c.to} className="card card--link">
              <h3>
                <Link to={c.to}>{t(c.title)}</Link>
              </h3>
              <p>{t(c.body)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
