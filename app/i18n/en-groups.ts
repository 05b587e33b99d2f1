/** English strings of groups and discussions. */
export const enGroups = {
  'mail.mention.subject': 'You were mentioned in a discussion',
  'mail.mention.body': '{name} mentioned you in “{thread}”:',
  'mail.mention.quote': '“{text}”',
  'mail.mention.action': 'Open the discussion',
} as const
