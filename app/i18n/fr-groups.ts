/** French strings of groups and discussions. */
export const frGroups = {
  'mail.mention.subject': 'Vous avez été mentionné dans une discussion',
  'mail.mention.body': '{name} vous a mentionné dans « {thread} » :',
  'mail.mention.quote': '« {text} »',
  'mail.mention.action': 'Voir la discussion',
} as const
