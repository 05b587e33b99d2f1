import { Link } from '@remix-run/react'
import { type HeldKind, type HoldState, targetPath } from '~/features/moderation/schema'
import { useT } from '~/shared/i18n'

type PageKind = Exclude<HeldKind, 'message'>

/**
 * What the author of held content (an offer, an event, a group) reads on its pages: hidden from
 * others, one edit allowed (or spent), a webmaster decides. A webmaster who is not its author reads
 * why members do not see it, with the way to the desk.
 */
export function HeldNotice({ kind, id, hold, reviewer = false }: { kind: PageKind; id: number; hold: HoldState | null; reviewer?: boolean }) {
  const t = useT()
  if (!hold) return null
  if (reviewer) {
    return (
      <div className="alert alert--info held-notice" role="status">
        <p>
          {t('moderation.held.noticeReviewer', { kind })} <Link to={targetPath(kind, id)}>{t('moderation.held.review')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="alert alert--info held-notice" role="status">
      <p>{t(hold === 'edited' ? 'moderation.held.noticeEdited' : 'moderation.held.notice', { kind })}</p>
    </div>
  )
}

/** The short form, in a list of the author's own content (« Mes offres »). */
export function HeldBadge({ kind, hold }: { kind: PageKind; hold: HoldState | null }) {
  const t = useT()
  return hold ? <span className="badge badge--warning">{t('moderation.held.badge', { kind })}</span> : null
}
