import { frModerationDesk } from '~/features/moderation/i18n.desk.fr'
import { frModerationReports } from '~/features/moderation/i18n.reports.fr'
import { frModerationTerms } from '~/features/moderation/i18n.terms.fr'

/** French strings of moderation: the terms of use, reports, the desk, decisions and appeals, contact. */
export const frModeration = { ...frModerationTerms, ...frModerationReports, ...frModerationDesk } as const
