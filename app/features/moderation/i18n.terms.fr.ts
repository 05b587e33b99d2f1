/** French strings of moderation: terms. */
export const frModerationTerms = {} as const
