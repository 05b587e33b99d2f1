// Events' browser-safe rules, read by the form, the form's parser and the use cases alike.

/** How many ticket types the event form offers (the parser reads exactly these rows). */
export const TICKET_ROWS = 4
