/** French strings of moderation: desk. */
export const frModerationDesk = {} as const
