import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { formatDate, type MessageKey } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { listMembers } from '~/features/admin/members.server'
import dashboardCss from '~/features/admin/components/dashboard.css'
import { duesState, MEMBER_SORTS, membersQuery, parseMemberFilters, type FilterParam } from '~/features/admin/schema'
import { promotionRange } from '~/features/directory/schema'
import { Avatar } from '~/shared/components/avatar'
import type { InputHTMLAttributes } from 'react'
import { ErrorSummary } from '~/shared/components/forms'
import { describedControl, FieldError } from '~/shared/components/form/field-parts'
import { fieldId } from '~/shared/form-result'
import { Pagination } from '~/shared/components/pagination'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import type { FieldErrors } from '~/shared/validation'

export const meta = titleMeta('admin.membersList.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardCss }]

/**
 * /admin/membres (issue #17): every account, filtered by the address's parameters (a GET form,
 * so a filtered list is a link one can keep). A parameter the form does not offer answers 400
 * with its message next to its filter, and the list with the other filters applied.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const promotions = promotionRange(context.app.now())
  const { filters, errors, values } = parseMemberFilters(new URL(request.url).searchParams, promotions)
  const list = listMembers(context.app, filters, viewer)
  const body = { ...list, filters, values, errors, promotions, query: membersQuery(filters) }
  return Object.keys(errors).length > 0 ? data(body, { status: 400 }) : body
}

export default function MembersList() {
  const t = useT()
  const { locale } = useRootData()
  const { rows, total, pages, filters, values, errors, promotions, query } = useLoaderData<typeof loader>()
  const message = (name: FilterParam) => {
    const key = errors[name] as MessageKey | undefined
    return key ? [t(key, promotions)] : undefined
  }
  const fieldErrors: FieldErrors = Object.fromEntries(Object.keys(errors).map((name) => [name, message(name as FilterParam)!]))
  const value = (name: FilterParam) => values[name] ?? ''
  const choices = <T extends string>(prefix: string, options: readonly T[]) => options.map((o) => ({ value: o, label: t(`${prefix}.${o}` as MessageKey) }))
  const filtered = Object.keys(values).some((k) => k !== 'page')
  // The filters beyond the search fold away on a phone; they show whenever one is in use (or wrong).
  const moreOpen = Object.keys(values).some((k) => k !== 'page' && k !== 'q') || Object.keys(errors).some((k) => k !== 'q' && k !== 'page')
  return (
    <section>
      <h2>{t('admin.membersList.title')}</h2>
      <p className="muted">{t('admin.membersList.lead')}</p>
      <Form method="get" className="card" aria-label={t('admin.membersList.filters')}>
        <ErrorSummary errors={fieldErrors} />
        <div className="member-filters">
          <div className="member-filters__search">
            <FilterInput label={t('admin.membersList.q')} name="q" type="search" defaultValue={value('q')} maxLength={100} errors={message('q')} />
          </div>
          <details className="member-filters__more" open={moreOpen || undefined}>
            <summary>{t('admin.membersList.moreFilters')}</summary>
            <div className="member-filters">
              <FilterChoice
                label={t('admin.membersList.categorie')}
                name="categorie"
                emptyOption={t('admin.membersList.anyCategory')}
                options={choices('admin.membersList.category', ['alumni', 'student', 'none'] as const)}
                defaultValue={value('categorie')}
                errors={message('categorie')}
              />
              <FilterChoice
                label={t('admin.membersList.cotisation')}
                name="cotisation"
                emptyOption={t('admin.membersList.anyCategory')}
                options={choices('admin.membersList.dues', ['active', 'none'] as const)}
                defaultValue={value('cotisation')}
                errors={message('cotisation')}
              />
              {(
                [
                  ['promo_min', 'admin.membersList.promoMin'],
                  ['promo_max', 'admin.membersList.promoMax'],
                ] as const
              ).map(([name, label]) => (
                <FilterInput
                  key={name}
                  label={t(label)}
                  name={name}
                  type="number"
                  inputMode="numeric"
                  min={promotions.min}
                  max={promotions.max}
                  defaultValue={value(name)}
                  errors={message(name)}
                />
              ))}
              <FilterChoice
                label={t('admin.membersList.statut')}
                name="statut"
                emptyOption={t('admin.membersList.any')}
                options={choices('admin.membersList.status', ['active', 'deactivated'] as const)}
                defaultValue={value('statut')}
                errors={message('statut')}
              />
              <FilterChoice
                label={t('admin.membersList.role')}
                name="role"
                emptyOption={t('admin.membersList.any')}
                options={choices('admin.membersList.role', ['user', 'webmaster'] as const)}
                defaultValue={value('role')}
                errors={message('role')}
              />
              <FilterInput
                label={t('admin.membersList.since')}
                name="connecte_depuis"
                type="date"
                defaultValue={value('connecte_depuis')}
                errors={message('connecte_depuis')}
              />
              <FilterChoice
                label={t('admin.membersList.sort')}
                name="tri"
                options={choices('admin.membersList.sort', MEMBER_SORTS)}
                defaultValue={value('tri') || 'nom'}
                errors={message('tri')}
              />
              <FilterChoice
                label={t('admin.membersList.order')}
                name="ordre"
                options={choices('admin.membersList.order', ['asc', 'desc'] as const)}
                defaultValue={value('ordre') || 'asc'}
                errors={message('ordre')}
              />
            </div>
          </details>
          <div className="member-filters__actions">
            <button type="submit" className="button button--primary">
              {t('admin.membersList.apply')}
            </button>
            {filtered ? <Link to="/admin/membres">{t('admin.membersList.reset')}</Link> : null}
          </div>
        </div>
      </Form>
      {message('page') ? <p className="field__error">{message('page')}</p> : null}
      <div className="member-list-head">
        <p aria-live="polite">
          <strong>{t('admin.membersList.count', { count: total })}</strong>
        </p>
        {total > 0 ? (
          <a href={`/admin/membres.csv${query}`} className="button button--secondary button--small" download>
            {t('admin.membersList.export')}
          </a>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="card state state--soft">
          {t('admin.membersList.empty')} {filtered ? <Link to="/admin/membres">{t('admin.membersList.reset')}</Link> : null}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.membersList.col.name')}</th>
                <th scope="col">{t('admin.membersList.col.email')}</th>
                <th scope="col">{t('admin.membersList.col.category')}</th>
                <th scope="col">{t('admin.membersList.col.promotion')}</th>
                <th scope="col">{t('admin.membersList.col.dues')}</th>
                <th scope="col">{t('admin.membersList.col.status')}</th>
                <th scope="col">{t('admin.membersList.col.lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const dues = duesState(r)
                return (
                  <tr key={r.id}>
                    <td>
                      <span className="person-cell">
                        <Avatar person={r} size="small" />
                        <span>
                          <Link to={`/admin/membres/${r.id}`}>{`${r.lastName.toLocaleUpperCase('fr-FR')} ${r.firstName}`}</Link>
                          {r.role === 'webmaster' ? (
                            <>
                              {' '}
                              <span className="badge">{t('admin.membersList.role.webmaster')}</span>
                            </>
                          ) : null}
                        </span>
                      </span>
                    </td>
                    <td data-label={t('admin.membersList.col.email')}>{r.email}</td>
                    <td data-label={t('admin.membersList.col.category')}>{r.kind ? t(`admin.membersList.category.${r.kind}`) : '—'}</td>
                    <td data-label={t('admin.membersList.col.promotion')}>{r.promotion ?? '—'}</td>
                    <td data-label={t('admin.membersList.col.dues')}>
                      <span className={`badge ${dues === 'active' ? 'badge--success' : ''}`}>{t(`admin.membersList.dues.${dues}`)}</span>
                    </td>
                    <td data-label={t('admin.membersList.col.status')}>
                      <span className={`badge ${r.status === 'active' ? 'badge--success' : 'badge--danger'}`}>
                        {t(r.status === 'deactivated' ? 'admin.membersList.status.deactivated' : 'admin.membersList.status.active')}
                      </span>
                    </td>
                    <td data-label={t('admin.membersList.col.lastLogin')}>
                      {r.lastLoginAt
                        ? formatDate(locale, new Date(r.lastLoginAt), { dateStyle: 'medium', timeZone: 'Europe/Paris' })
                        : t('admin.membersList.never')}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filters.page} pages={pages} />
    </section>
  )
}

/** A filter of the GET form: labelled, its error tied to it; every filter may be left empty, so none is marked optional. */
function FilterInput({
  label,
  name,
  errors,
  ...input
}: { label: string; name: string; errors?: string[] } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>) {
  const id = fieldId(name)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...describedControl(id, undefined, errors)} {...input} />
      <FieldError id={id} errors={errors} />
    </div>
  )
}

function FilterChoice({
  label,
  name,
  options,
  emptyOption,
  defaultValue,
  errors,
}: {
  label: string
  name: string
  options: { value: string; label: string }[]
  emptyOption?: string
  defaultValue: string
  errors?: string[]
}) {
  const id = fieldId(name)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} {...describedControl(id, undefined, errors)}>
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} errors={errors} />
    </div>
  )
}
