import { intlLocale, type Locale } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

export interface BackupStatusView {
  status: 'ok' | 'stale' | 'none'
  ageSeconds: number | null
  /** The last nightly run, when it failed: its slot (a date) and error. */
  failed: { slot: string; error: string } | null
}

/** « il y a 12 min », « il y a 5 h », « il y a 3 j »: the largest unit that keeps a whole number. */
function ago(locale: Locale, seconds: number): string {
  const format = new Intl.RelativeTimeFormat(intlLocale(locale), { style: 'short', numeric: 'always' })
  if (seconds < 3600) return format.format(-Math.max(1, Math.round(seconds / 60)), 'minute')
  if (seconds < 48 * 3600) return format.format(-Math.round(seconds / 3600), 'hour')
  return format.format(-Math.round(seconds / 86400), 'day')
}

/** The line the admin pages show about backups: the newest archive's age, or a warning. */
export function BackupStatus({ backup }: { backup: BackupStatusView }) {
  const t = useT()
  const { locale } = useRootData()
  const age = backup.ageSeconds === null ? '' : ago(locale, backup.ageSeconds)
  return (
    <>
      {backup.status === 'ok' ? (
        <p className="muted">{t('admin.backup.last', { age })}</p>
      ) : (
        <p className="banner" role="status">
          {backup.status === 'none' ? t('admin.backup.none') : t('admin.backup.stale', { age })}
        </p>
      )}
      {backup.failed && (
        <p className="banner" role="status">
          {t('admin.backup.failed', { slot: backup.failed.slot, error: backup.failed.error })}
        </p>
      )}
    </>
  )
}
