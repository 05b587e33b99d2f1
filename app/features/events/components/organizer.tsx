import { Form } from '@remix-run/react'
import { useCallback, useState } from 'react'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate, intlLocale, type MessageKey } from '~/i18n'
import { FormAlert, RadioGroup, SelectField, SubmitButton } from '~/shared/components/forms'
import { useSocketEvent } from '~/shared/components/realtime'
import type { SendProgress } from '~/features/events/realtime'
import type { FeedItem } from '~/features/events/components/live'

const KIND_KEYS: Record<string, MessageKey> = {
  registered: 'events.feed.registered',
  held: 'events.feed.held',
  waitlisted: 'events.feed.waitlisted',
  promoted: 'events.feed.promoted',
  cancelled: 'events.feed.cancelled',
  released: 'events.feed.released',
  checkedIn: 'events.feed.checkedIn',
  refunded: 'events.feed.refunded',
}

/** The live feed: newest first, a polite live region so that a screen reader hears arrivals. */
export function ActivityFeed({ items }: { items: FeedItem[] }) {
  const t = useT()
  const { locale } = useRootData()
  const time = new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: 'Europe/Paris' })
  const dayAndTime = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' } as const
  // Today's items show the time only; older ones their day too (« 1er déc. 19 h 30 »).
  const today = new Date().toDateString()
  const when = (at: string) => (new Date(at).toDateString() === today ? time.format(new Date(at)) : formatDate(locale, new Date(at), dayAndTime))
  if (items.length === 0) return <p className="muted">{t('events.feed.empty')}</p>
  return (
    <ol className="feed" aria-live="polite" aria-label={t('events.feed.label')} data-testid="event-feed">
      {items.map((item) => (
        <li key={item.id} className={`feed__item feed__item--${item.kind}`}>
          <time dateTime={item.at} suppressHydrationWarning>
            {when(item.at)}
          </time>{' '}
          {t(KIND_KEYS[item.kind] ?? 'events.feed.registered', { name: item.name, places: item.places })}
        </li>
      ))}
    </ol>
  )
}

type Progress = SendProgress

/** The last invitation send, moving live while its batches go out. */
export function InvitationProgress({ eventId, initial }: { eventId: number; initial: Progress | null }) {
  const t = useT()
  const [progress, setProgress] = useState(initial)
  useSocketEvent(
    'event:invitations',
    useCallback((p) => p.eventId === eventId && setProgress((c) => (c && c.sendId === p.sendId && c.sent + c.failed > p.sent + p.failed ? c : p)), [eventId]),
  )
  if (!progress) return <p className="muted">{t('events.invite.none')}</p>
  const done = progress.sent + progress.failed
  return (
    <div className="invite-progress" data-testid="invite-progress">
      <label htmlFor="invite-progress">
        {t(progress.status === 'done' ? 'events.invite.done' : 'events.invite.sending', { sent: progress.sent, total: progress.total })}
      </label>
      <progress id="invite-progress" max={progress.total} value={done} />
      {progress.failed > 0 ? <p className="field__error">{t('events.invite.failed', { count: progress.failed })}</p> : null}
    </div>
  )
}

export function InvitationForm({ segments, error }: { segments: { associationWide: boolean; groups: { id: number; name: string }[] }; error?: string }) {
  const t = useT()
  const [segment, setSegment] = useState(segments.associationWide ? 'members' : 'group')
  const options = [
    ...(segments.associationWide ? (['members', 'promotions'] as const) : []),
    ...(segments.groups.length > 0 ? (['group'] as const) : []),
    ...(segments.associationWide ? (['everyone'] as const) : []),
  ]
  return (
    <Form method="post" className="stack">
      <FormAlert messages={error ? [error] : undefined} />
      <RadioGroup
        legend={t('events.invite.segment')}
        name="segment"
        value={segment}
        onChange={setSegment}
        options={options.map((o) => ({ value: o, label: t(`events.invite.segment.${o}`) }))}
      />
      {segments.associationWide ? (
        <div className="field">
          <label htmlFor="promotions">{t('events.invite.promotions')}</label>
          <p className="field__hint" id="promotions-hint">
            {t('events.invite.promotionsHint')}
          </p>
          <input id="promotions" name="promotions" inputMode="numeric" aria-describedby="promotions-hint" />
        </div>
      ) : null}
      {segments.groups.length > 0 ? (
        <SelectField
          label={t('events.invite.group')}
          name="groupId"
          id="invite-group"
          required
          options={segments.groups.map((g) => ({ value: String(g.id), label: g.name }))}
          defaultValue={segments.groups[0]?.id}
        />
      ) : null}
      <p className="field__hint">{t('events.invite.hint')}</p>
      <SubmitButton intent="invite">{t('events.invite.submit')}</SubmitButton>
    </Form>
  )
}
