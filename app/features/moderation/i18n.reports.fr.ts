/** French strings of moderation: reports. */
export const frModerationReports = {} as const
