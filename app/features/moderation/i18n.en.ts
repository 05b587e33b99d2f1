import { enModerationDesk } from '~/features/moderation/i18n.desk.en'
import { enModerationReports } from '~/features/moderation/i18n.reports.en'
import { enModerationTerms } from '~/features/moderation/i18n.terms.en'
import type { frModeration } from '~/features/moderation/i18n.fr'

/** English strings of moderation. */
export const enModeration: Record<keyof typeof frModeration, string> = { ...enModerationTerms, ...enModerationReports, ...enModerationDesk }
