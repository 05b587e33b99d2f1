import type { frModerationTerms } from '~/features/moderation/i18n.terms.fr'

/** English strings of moderation: terms. Same keys and placeholders as the French ones. */
export const enModerationTerms: Record<keyof typeof frModerationTerms, string> = {}
