// Why a registration (or what follows it) was refused, as the message keys the page shows: the
// form's action and the socket's `event:register` answer say the same thing (browser-safe).
export const REGISTER_ERRORS = {
  notFound: 'events.error.notFound',
  cancelled: 'events.error.cancelled',
  closed: 'events.error.closed',
  membersOnly: 'events.error.membersOnly',
  tooManyGuests: 'events.error.tooManyGuests',
  ticketTypeRequired: 'events.error.ticketTypeRequired',
  ticketTypeNotAllowed: 'events.error.ticketTypeNotAllowed',
  ticketTypeFull: 'events.error.ticketTypeFull',
  inactiveAccount: 'events.error.inactiveAccount',
  providerUnavailable: 'events.error.providerUnavailable',
  notHeld: 'events.error.notHeld',
  notRegistered: 'events.error.notRegistered',
  tooLate: 'events.error.tooLate',
  notAllowed: 'events.error.notAllowed',
  restricted: 'events.error.restricted',
} as const

export type RegisterErrorCode = keyof typeof REGISTER_ERRORS
