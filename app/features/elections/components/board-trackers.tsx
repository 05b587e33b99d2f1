import { Pagination } from '~/shared/components/pagination'
import { useT } from '~/shared/i18n'

/** The box's trackers, sorted by tracker (never by any order of casting), a page at a time. */
export function BoardTrackers({ trackers, page, pages, total }: { trackers: string[]; page: number; pages: number; total: number }) {
  const t = useT()
  if (total === 0) return <p className="empty">{t('elections.board.empty')}</p>
  return (
    <section aria-labelledby="board-trackers-title">
      <h2 id="board-trackers-title">{t('elections.board.trackers', { count: total })}</h2>
      <p className="muted">{t('elections.board.trackersHint')}</p>
      <ol className="board-trackers" start={(page - 1) * 50 + 1}>
        {trackers.map((tracker) => (
          <li key={tracker}>
            <code>{tracker}</code>
          </li>
        ))}
      </ol>
      <Pagination page={page} pages={pages} />
    </section>
  )
}
