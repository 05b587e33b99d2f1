// Events' browser-safe rules, read by the form, the form's parser and the use cases alike.

/** How many ticket types the event form offers (the parser reads exactly these rows). */
export const TICKET_ROWS = 4

/** Each text field's longest value: the form's `maxLength` and the parser's `.max()` alike. */
export const EVENT_FIELD_MAX = { title: 120, description: 5000, venue: 120, address: 200, city: 100, onlineUrl: 500, ticketName: 60 } as const

/** Who may take a ticket type. */
export const ELIGIBILITIES = ['anyone', 'members', 'students', 'guests'] as const
