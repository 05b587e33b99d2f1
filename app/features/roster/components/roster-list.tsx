import { Form } from '@remix-run/react'
import { formatDate } from '~/i18n'
import { Pagination } from '~/shared/components/pagination'
import { FilterSelect } from '~/shared/components/forms'
import { useRootData, useT } from '~/shared/i18n'
import { diplomaLabel } from '~/features/directory/schema'
import type { rosterList } from '~/features/roster/roster-list.server'
import type { recentImports } from '~/features/roster/roster-import.server'
import type { RosterListQuery } from '~/features/roster/schema'

type List = ReturnType<typeof rosterList>

/** The list below the import: search, promotion, linked or not, 50 a page. */
export function RosterList({ list, query, promotions, empty }: { list: List; query: RosterListQuery; promotions: number[]; empty: boolean }) {
  const t = useT()
  return (
    <section aria-labelledby="roster-list-title">
      <h3 id="roster-list-title">{t('roster.list.title')}</h3>
      <Form method="get" className="roster-list-filters" role="search">
        <div className="field">
          <label htmlFor="roster-q">{t('roster.list.search')}</label>
          <input id="roster-q" name="q" type="search" defaultValue={query.q} maxLength={100} />
        </div>
        <FilterSelect
          label={t('roster.list.promotion')}
          name="promotion"
          id="roster-promotion"
          value={query.promotion ? String(query.promotion) : ''}
          anyLabel={t('roster.list.allPromotions')}
          options={promotions.map((p) => ({ value: String(p), label: String(p) }))}
        />
        <FilterSelect
          label={t('roster.list.link')}
          name="compte"
          id="roster-link"
          value={query.link ?? ''}
          anyLabel={t('roster.list.link.any')}
          options={[
            { value: 'claimed', label: t('roster.list.link.claimed') },
            { value: 'unclaimed', label: t('roster.list.link.unclaimed') },
          ]}
        />
        <button type="submit" className="button button--secondary">
          {t('roster.list.submit')}
        </button>
      </Form>
      {list.rows.length === 0 ? (
        <p className="card state state--soft">{empty ? t('roster.list.empty') : t('roster.list.emptyFiltered')}</p>
      ) : (
        <>
          <p className="muted">{t('roster.list.count', { count: list.total })}</p>
          <div className="table-wrap">
            <table className="table roster-table">
              <thead>
                <tr>
                  <th scope="col">{t('roster.list.name')}</th>
                  <th scope="col">{t('roster.list.promotion')}</th>
                  <th scope="col">{t('roster.list.diplomas')}</th>
                  <th scope="col">{t('roster.list.email')}</th>
                  <th scope="col">{t('roster.list.schoolId')}</th>
                  <th scope="col">{t('roster.list.account')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <strong>{r.lastName.toLocaleUpperCase('fr-FR')}</strong> {r.firstName}
                      {r.birthName ? <div className="muted">{t('roster.list.birthName', { name: r.birthName })}</div> : null}
                    </td>
                    <td data-label={t('roster.list.promotion')}>{r.promotion}</td>
                    <td data-label={t('roster.list.diplomas')}>
                      {r.diplomas.length > 0 ? (
                        <ul className="list-plain">
                          {r.diplomas.map((d) => (
                            <li key={d}>{diplomaLabel(t, d)}</li>
                          ))}
                        </ul>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-label={t('roster.list.email')} className="roster-table__email">
                      {r.email ?? '—'}
                    </td>
                    <td data-label={t('roster.list.schoolId')}>{r.schoolId ?? '—'}</td>
                    <td data-label={t('roster.list.account')}>
                      {r.account ? <span className="badge badge--success">{r.account}</span> : <span className="muted">{t('roster.list.noAccount')}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={list.page} pages={list.pages} />
    </section>
  )
}

type Imports = ReturnType<typeof recentImports>

/** The latest imports: when, which file, by whom, what they did. */
export function RosterImports({ imports }: { imports: Imports }) {
  const t = useT()
  const { locale } = useRootData()
  if (imports.length === 0) return null
  return (
    <section aria-labelledby="roster-imports-title">
      <h3 id="roster-imports-title">{t('roster.imports.title')}</h3>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('roster.imports.when')}</th>
              <th scope="col">{t('roster.imports.file')}</th>
              <th scope="col">{t('roster.imports.by')}</th>
              <th scope="col">{t('roster.imports.result')}</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((i) => (
              <tr key={i.id}>
                <td>{formatDate(locale, new Date(i.importedAt), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' })}</td>
                <td data-label={t('roster.imports.file')} className="roster-table__email">
                  {i.filename}
                </td>
                <td data-label={t('roster.imports.by')}>{i.by ?? <span className="muted">{t('roster.imports.formerWebmaster')}</span>}</td>
                <td data-label={t('roster.imports.result')}>{t('roster.imports.counts', i.counts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
