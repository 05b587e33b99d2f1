import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { associationStats } from '~/features/admin/stats.server'
import { useRootData, useT } from '~/shared/i18n'
import { isPayingMember } from '~/shared/viewer'

export function loader({ context }: LoaderFunctionArgs) {
  return { stats: associationStats(context.app) }
}

const cards: { to: string; title: MessageKey; body: MessageKey }[] = [
  { to: '/annuaire', title: 'nav.directory', body: 'home.card.directory' },
  { to: '/evenements', title: 'nav.events', body: 'home.card.events' },
  { to: '/carriere', title: 'nav.careers', body: 'home.card.careers' },
  { to: '/groupes', title: 'nav.groups', body: 'home.card.groups' },
  { to: '/discussions', title: 'nav.discussions', body: 'home.card.discussions' },
]

export default function Home() {
  const t = useT()
  const { viewer, settings } = useRootData()
  const { stats } = useLoaderData<typeof loader>()
  const isMember = isPayingMember(viewer)
  return (
    <>
      <section className="hero">
        <h1>{viewer ? t('home.greeting', { firstName: viewer.firstName }) : t('home.title', { name: settings.associationName })}</h1>
        <p className="lead">{viewer ? t(isMember ? 'home.memberHint' : 'home.registeredHint') : t('home.lead', { school: settings.schoolName })}</p>
        <div className="hero__actions">
          {isMember ? (
            <Link to="/annuaire" className="button button--primary">
              {t('home.cta.directory')}
            </Link>
          ) : (
            <a href="/cotiser" className="button button--primary">
              {t('home.cta.dues')}
            </a>
          )}
          {viewer ? null : (
            <Link to="/inscription" className="button button--secondary">
              {t('home.cta.signup')}
            </Link>
          )}
        </div>
        {stats.members > 0 && stats.first && stats.last ? (
          <p className="hero__stats">{t('home.stats', { members: stats.members, first: String(stats.first), last: String(stats.last) })}</p>
        ) : null}
      </section>
      <ul className="cards" role="list">
        {cards.map((c) => (
          <li key={c.to} className="card card--link">
            <h2>
              <Link to={c.to}>{t(c.title)}</Link>
            </h2>
            <p>{t(c.body)}</p>
          </li>
        ))}
      </ul>
    </>
  )
}
