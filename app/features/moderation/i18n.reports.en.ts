import type { frModerationReports } from '~/features/moderation/i18n.reports.fr'

/** English strings of moderation: reports. Same keys and placeholders as the French ones. */
export const enModerationReports: Record<keyof typeof frModerationReports, string> = {}
