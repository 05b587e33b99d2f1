import { formatPromotions, SEGMENT_LABELS, type Segment } from '~/features/campaigns/schema'
import { useT } from '~/shared/i18n'

/** Who a letter goes to, in a few words: « Promotions 2010, 2012-2014 », « 3 groupes : … ». */
export function SegmentSummary({ segment, groupNames }: { segment: Segment | null; groupNames?: string[] }) {
  const t = useT()
  if (!segment) return <span className="muted">{t('campaigns.segment.unknown')}</span>
  switch (segment.kind) {
    case 'promotions':
      return <span>{t('campaigns.segment.promotionsList', { promotions: formatPromotions(segment.promotions) })}</span>
    case 'groups':
      return (
        <span>
          {t('campaigns.segment.groupsCount', { count: segment.groupIds.length })}
          {groupNames?.length ? ` — ${groupNames.join(', ')}` : null}
        </span>
      )
    default:
      return <span>{t(SEGMENT_LABELS[segment.kind])}</span>
  }
}
