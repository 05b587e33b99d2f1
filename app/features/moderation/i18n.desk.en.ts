import type { frModerationDesk } from '~/features/moderation/i18n.desk.fr'

/** English strings of moderation: desk. Same keys and placeholders as the French ones. */
export const enModerationDesk: Record<keyof typeof frModerationDesk, string> = {}
