import { Form, Link } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { MessageKey } from '~/i18n'
import { GROUP_KINDS, groupMatches, type GroupKind } from '~/features/groups/schema'
import { plural } from '~/features/groups/components/time'
import { useRootData, useT } from '~/shared/i18n'
import { SelectField, SubmitButton } from '~/shared/components/forms'
import { useSocketEvent } from '~/shared/components/realtime'

export interface GroupSummary {
  id: number
  name: string
  description: string
  kind: GroupKind
  visibility: 'public' | 'private'
  promotion: number | null
  members: number
  myStatus: 'active' | 'pending' | null
  unread: number
}

export const KIND_KEYS: Record<GroupKind, MessageKey> = {
  promotion: 'groups.kind.promotion',
  region: 'groups.kind.region',
  sector: 'groups.kind.sector',
  interest: 'groups.kind.interest',
}
const TAB_KEYS: Record<GroupKind, MessageKey> = {
  promotion: 'groups.tab.promotion',
  region: 'groups.tab.region',
  sector: 'groups.tab.sector',
  interest: 'groups.tab.interest',
}

/** Unread counts per group, from the page load and then live from the group rooms. */
export function useLiveUnread(initial: { id: number; unread: number }[], viewerId: string | undefined) {
  const [counts, setCounts] = useState(() => new Map(initial.map((g) => [g.id, g.unread])))
  useEffect(() => setCounts(new Map(initial.map((g) => [g.id, g.unread]))), [initial])
  useSocketEvent(
    'group:message:new',
    useCallback(
      (e: { groupId: number; authorId: string | null }) => {
        if (e.authorId !== viewerId) setCounts((c) => new Map(c).set(e.groupId, (c.get(e.groupId) ?? 0) + 1))
      },
      [viewerId],
    ),
  )
  return counts
}

/** A group as a card: its name, kind, size and unread badge; to join it when the viewer is not in it. */
export function GroupCard({ group: g, unread }: { group: GroupSummary; unread: number }) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <li className="card group-card" data-testid="group-card">
      <h3 className="group-card__name">
        <Link to={`/groupes/${g.id}`}>{g.name}</Link>
        {unread ? (
          <span className="badge badge--count" data-testid={`unread-${g.id}`}>
            {unread}
            <span className="visually-hidden"> {plural(t, locale, 'groups.unread', unread)}</span>
          </span>
        ) : null}
      </h3>
      <p className="group-card__facts">
        {t(KIND_KEYS[g.kind])} · {t(g.visibility === 'public' ? 'groups.public' : 'groups.private')} · {plural(t, locale, 'groups.members', g.members)}
      </p>
      {g.myStatus === 'active' ? null : <p className="group-card__description">{g.description}</p>}
      {g.myStatus === 'pending' ? (
        <p className="badge">{t('groups.pending')}</p>
      ) : g.myStatus !== 'active' ? (
        <Form method="post">
          <input type="hidden" name="groupId" value={g.id} />
          <SubmitButton intent="join" className="button button--secondary button--small">
            {t(g.visibility === 'public' ? 'groups.join' : 'groups.request')}
          </SubmitButton>
        </Form>
      ) : null}
    </li>
  )
}

/** Promotion groups, one small link each (there are dozens of them: cards would be pages long). */
function PromotionLinks({ groups }: { groups: GroupSummary[] }) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <ul className="promotion-links" role="list">
      {groups.map((g) => (
        <li key={g.id}>
          <Link to={`/groupes/${g.id}`} className="promotion-link">
            <span className="promotion-link__year">{g.promotion ?? g.name}</span>
            <span className="promotion-link__members">{plural(t, locale, 'groups.members', g.members)}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}

/** Every promotion behind one select: `?promotion=` leads to its group (a GET form, so without JavaScript too). */
function PromotionPicker({ groups, allHref }: { groups: GroupSummary[]; allHref: string }) {
  const t = useT()
  const { locale } = useRootData()
  const years = [...groups].sort((a, b) => (b.promotion ?? 0) - (a.promotion ?? 0))
  return (
    <div className="promotion-picker">
      <h3>{t('groups.promotions.title')}</h3>
      <p className="muted">{plural(t, locale, 'groups.promotions.lead', groups.length)}</p>
      <Form method="get" className="promotion-picker__form">
        <SelectField
          label={t('groups.promotions.select')}
          name="promotion"
          id="promotion"
          required
          placeholder={t('groups.promotions.choose')}
          defaultValue=""
          options={years.map((g) => ({ value: String(g.promotion), label: `${g.promotion} · ${plural(t, locale, 'groups.members', g.members)}` }))}
        />
        <button type="submit" className="button button--secondary">
          {t('groups.promotions.go')}
        </button>
      </Form>
      <p>
        <Link to={allHref}>{t('groups.promotions.all')}</Link>
      </p>
    </div>
  )
}

function searchOf(type: GroupKind | null, query: string) {
  const params = new URLSearchParams()
  if (type) params.set('type', type)
  if (query.trim()) params.set('q', query.trim())
  const search = params.toString()
  return search ? `?${search}` : '?'
}

/**
 * « Trouver un groupe »: a search (a GET form; filtering as one types with JavaScript), tabs by
 * kind (plain links), the promotions behind a select, and the groups the viewer is not in.
 */
export function GroupFinder({ groups, q, type }: { groups: GroupSummary[]; q: string; type: GroupKind | null }) {
  const t = useT()
  const { locale } = useRootData()
  const [query, setQuery] = useState(q)
  useEffect(() => setQuery(q), [q])
  // What was typed before the page came alive counts too.
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (field.current && field.current.value !== q) setQuery(field.current.value)
  }, [q])
  const inKind = groups.filter((g) => type === null || g.kind === type)
  const found = inKind.filter((g) => groupMatches(g, query))
  const searching = query.trim() !== ''
  const promotions = found.filter((g) => g.kind === 'promotion')
  const cards = found.filter((g) => g.kind !== 'promotion')
  // Without a search, « Tous » keeps the promotions behind their select.
  const pickerOnly = type === null && !searching
  const shown = cards.length + (pickerOnly ? 0 : promotions.length)
  return (
    <section aria-labelledby="trouver" className="group-finder">
      <h2 id="trouver">{t('groups.find')}</h2>
      <Form method="get" className="search-bar group-search" role="search">
        {type ? <input type="hidden" name="type" value={type} /> : null}
        <div className="field">
          <label htmlFor="q">{t('groups.search')}</label>
          <span className="field__hint" id="q-hint">
            {t('groups.searchHint')}
          </span>
          <input ref={field} id="q" name="q" type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} aria-describedby="q-hint" />
        </div>
        <button type="submit" className="button button--primary">
          {t('groups.searchButton')}
        </button>
      </Form>
      <nav className="tabs" aria-label={t('groups.tabs')}>
        {[null, ...GROUP_KINDS].map((kind) => (
          <Link
            key={kind ?? 'all'}
            to={searchOf(kind, query)}
            className={`tabs__link${kind === type ? ' active' : ''}`}
            aria-current={kind === type ? 'page' : undefined}
            preventScrollReset
          >
            {t(kind ? TAB_KEYS[kind] : 'groups.tab.all')}
          </Link>
        ))}
      </nav>
      <p className="muted group-finder__count" role="status" data-testid="group-count">
        {searching || type ? plural(t, locale, 'groups.results', shown) : null}
      </p>
      {pickerOnly && promotions.length ? <PromotionPicker groups={promotions} allHref={searchOf('promotion', '')} /> : null}
      {!pickerOnly && promotions.length ? <PromotionLinks groups={promotions} /> : null}
      {cards.length ? (
        <ul className="cards" role="list">
          {cards.map((g) => (
            <GroupCard key={g.id} group={g} unread={0} />
          ))}
        </ul>
      ) : null}
      {shown === 0 && !(pickerOnly && promotions.length) ? (
        <div className="card state state--soft">
          <p>{searching ? t('groups.noResults', { q: query.trim() }) : t('groups.noneOther')}</p>
          {searching ? <Link to={searchOf(type, '')}>{t('groups.clearSearch')}</Link> : null}
        </div>
      ) : null}
    </section>
  )
}
