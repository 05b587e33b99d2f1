import { Form, Link, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { intlLocale, type MessageKey } from '~/i18n'
import { Pagination } from '~/shared/components/pagination'
import { SubmitButton } from '~/shared/components/forms'
import { useRootData, useT } from '~/shared/i18n'
import type { rosterPreviewView } from '~/features/roster/roster-preview.server'
import { COLUMN_KEYS, FATE_KEYS, rowDetails } from '~/features/roster/preview-text'
import { PREVIEW_FILTERS, type PreviewFilter, type PreviewRow } from '~/features/roster/schema'

type View = Awaited<ReturnType<typeof rosterPreviewView>>
type Ready = Extract<View, { state: 'ready' }>

const FILTER_KEYS: Record<PreviewFilter, MessageKey> = {
  changes: 'roster.preview.filter.changes',
  new: 'roster.preview.filter.new',
  update: 'roster.preview.filter.update',
  error: 'roster.preview.filter.error',
  duplicate: 'roster.preview.filter.duplicate',
  unchanged: 'roster.preview.filter.unchanged',
}

const COUNT_KEYS = {
  new: 'roster.preview.count.new',
  update: 'roster.preview.count.update',
  unchanged: 'roster.preview.count.unchanged',
  error: 'roster.preview.count.error',
  duplicate: 'roster.preview.count.duplicate',
} as const satisfies Record<keyof Ready['counts'], MessageKey>

const FATE_BADGES: Record<PreviewRow['fate'], string> = {
  new: 'badge badge--success',
  update: 'badge roster-fate--update',
  unchanged: 'badge',
  error: 'badge badge--danger',
}

const SEPARATOR_KEYS = { ';': 'roster.preview.separator.semicolon', ',': 'roster.preview.separator.comma', '\t': 'roster.preview.separator.tab' } as const

/** What an import would do, before anything changes: counts, the rows by fate a page at a time, and the one button that applies it. */
export function RosterPreview({ view }: { view: View }) {
  const t = useT()
  const { locale } = useRootData()
  const heading = useRef<HTMLHeadingElement>(null)
  const location = useLocation()
  // The preview replaces the form on the same page: the reader is taken to its heading.
  useEffect(() => heading.current?.focus(), [])
  if (view.state === 'expired')
    return (
      <section className="card roster-preview" aria-labelledby="roster-preview-title">
        <h3 id="roster-preview-title" ref={heading} tabIndex={-1}>
          {t('roster.preview.title')}
        </h3>
        <p className="alert alert--error" role="alert">
          {t('roster.preview.expired')}
        </p>
        <p>
          <Link to="/admin/diplomes" className="button button--secondary">
            {t('roster.import.title')}
          </Link>
        </p>
      </section>
    )
  const { counts, facts } = view
  const filterHref = (filter: PreviewFilter) => {
    const params = new URLSearchParams(location.search)
    params.set('lignes', filter)
    params.delete('page')
    return `${location.pathname}?${params}`
  }
  const encoding = facts.bom ? `${facts.encoding.toUpperCase()} ${t('roster.preview.bom')}` : facts.encoding.toUpperCase()
  const changes = counts.new + counts.update
  return (
    <section className="roster-preview" aria-labelledby="roster-preview-title">
      <h3 id="roster-preview-title" ref={heading} tabIndex={-1}>
        {t('roster.preview.title')}
      </h3>
      <p>{t('roster.preview.file', { name: view.filename, rows: view.total })}</p>
      <p className="muted">
        {t('roster.preview.read', { encoding, separator: t(SEPARATOR_KEYS[facts.separator]) })}{' '}
        {facts.ignoredColumns.length > 0 ? t('roster.preview.ignored', { columns: facts.ignoredColumns.join(', ') }) : null}
      </p>
      <h4 className="visually-hidden">{t('roster.preview.counts')}</h4>
      <ul className="roster-counts" role="list">
        {(Object.keys(COUNT_KEYS) as (keyof typeof COUNT_KEYS)[]).map((fate) => (
          <li key={fate} className={`roster-counts__item roster-counts__item--${fate}`}>
            <strong>{new Intl.NumberFormat(intlLocale(locale)).format(counts[fate])}</strong> {t(COUNT_KEYS[fate], { count: counts[fate] })}
          </li>
        ))}
      </ul>
      <div className="card roster-apply">
        {changes === 0 && counts.error === 0 ? (
          <p>{t('roster.preview.nothing')}</p>
        ) : (
          <p>{t('roster.preview.applyNote', { new: counts.new, update: counts.update, error: counts.error })}</p>
        )}
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="apercu" value={view.token} />
            <SubmitButton intent="apply">{t('roster.preview.apply')}</SubmitButton>
          </Form>
          <Link to="/admin/diplomes" className="button button--ghost">
            {t('roster.preview.cancel')}
          </Link>
        </div>
      </div>
      <nav className="roster-filters" aria-label={t('roster.preview.filter')}>
        <ul role="list">
          {PREVIEW_FILTERS.map((filter) => (
            <li key={filter}>
              <Link to={filterHref(filter)} className="roster-filters__link" aria-current={filter === view.filter ? 'page' : undefined}>
                {t(FILTER_KEYS[filter], { count: view.filterCounts[filter] })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {counts.duplicate > 0 ? <p className="muted">{t('roster.preview.hintNote')}</p> : null}
      {view.rows.length === 0 ? (
        <p className="card state state--soft">{t('roster.preview.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('roster.preview.shown', { from: view.from + 1, to: view.from + view.rows.length, total: view.matching })}</p>
          <div className="table-wrap">
            <table className="table roster-table">
              <thead>
                <tr>
                  <th scope="col">{t('roster.preview.line')}</th>
                  <th scope="col">{t('roster.preview.person')}</th>
                  <th scope="col">{t('roster.preview.what')}</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => (
                  <PreviewLine key={row.line} row={row} range={view.range} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={view.page} pages={view.pages} />
      <p>
        <a href={`/admin/diplomes/apercu.csv?apercu=${encodeURIComponent(view.token)}`} download>
          {t('roster.preview.download')}
        </a>
      </p>
    </section>
  )
}

function PreviewLine({ row, range }: { row: PreviewRow; range: { min: number; max: number } }) {
  const t = useT()
  const details = rowDetails(t, row, range)
  const facts = [
    row.birthName ? t('roster.list.birthName', { name: row.birthName }) : null,
    row.email,
    row.schoolId ? `${t(COLUMN_KEYS.schoolId)} ${row.schoolId}` : null,
    row.diplomas.length > 0 ? row.diplomas.join(' · ') : null,
  ].filter(Boolean)
  return (
    <tr>
      <td data-label={t('roster.preview.line')}>{row.line}</td>
      <td data-label={t('roster.preview.person')}>
        <strong>
          {row.lastName || '—'} {row.firstName}
        </strong>{' '}
        {row.promotion ? <span className="muted">({row.promotion})</span> : null}
        {facts.length > 0 ? <div className="muted roster-table__facts">{facts.join(' — ')}</div> : null}
      </td>
      <td data-label={t('roster.preview.what')}>
        <span className={FATE_BADGES[row.fate]}>{t(FATE_KEYS[row.fate])}</span>
        {details.length > 0 ? (
          <ul className="roster-table__details">
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
      </td>
    </tr>
  )
}
