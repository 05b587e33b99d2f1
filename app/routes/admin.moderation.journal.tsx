import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate, isMessageKey } from '~/i18n'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { targetPath } from '~/features/moderation/schema'
import { moderationLogPage } from '~/features/moderation/desk.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('moderation.desk.log.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return moderationLogPage(context.app, pageParam(request))
}

/** The audit log: every moderation step, who, when, what, about whom. */
export default function ModerationLog() {
  const t = useT()
  const { locale } = useRootData()
  const { entries, page, pages } = useLoaderData<typeof loader>()
  return (
    <>
      <h3>{t('moderation.desk.log.title')}</h3>
      <p className="muted">{t('moderation.desk.log.lead')}</p>
      {entries.length === 0 ? (
        <p className="card state state--soft">{t('moderation.desk.log.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('moderation.desk.log.when')}</th>
                <th scope="col">{t('moderation.desk.log.who')}</th>
                <th scope="col">{t('moderation.desk.log.what')}</th>
                <th scope="col">{t('moderation.desk.log.target')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const key = `moderation.log.${e.action}`
                return (
                  <tr key={e.id}>
                    <td>{formatDate(locale, new Date(e.at), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' })}</td>
                    <td>{e.actor ?? <span className="muted">{t('moderation.desk.log.system')}</span>}</td>
                    <td>{isMessageKey(key) ? t(key) : e.action}</td>
                    <td>
                      {e.targetKind && e.targetId ? (
                        <Link to={targetPath(e.targetKind, e.targetId)}>{e.subject ?? t('moderation.reports.kind', { kind: e.targetKind })}</Link>
                      ) : (
                        (e.subject ?? '—')
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} />
    </>
  )
}
