// Events' browser-safe rules, read by the form, the form's parser and the use cases alike.

/** How many ticket types the event form offers (the parser reads exactly these rows). */
export const TICKET_ROWS = 4

/** Each text field's longest value: the form's `maxLength` and the parser's `.max()` alike. */
export const EVENT_FIELD_MAX = { title: 120, description: 5000, venue: 120, address: 200, city: 100, onlineUrl: 500, ticketName: 60 } as const

/** Who may take a ticket type. */
export const ELIGIBILITIES = ['anyone', 'members', 'students', 'guests'] as const

/** The cover's stored sizes (2:1): the event page shows the large one, cards the small one. */
export const COVER_SIZES = { large: { width: 1200, height: 600 }, small: { width: 480, height: 240 } } as const
export type CoverSize = keyof typeof COVER_SIZES

/** The cover's URL; `version` changes at each upload, so the picture may be cached for good. */
export function coverUrl(eventId: number, version: string, size: CoverSize = 'large'): string {
  return `/evenements/${eventId}/couverture?v=${encodeURIComponent(version)}${size === 'small' ? '&taille=petite' : ''}`
}

/** What changes at each upload: the stored name without its extension (null: no cover). */
export function coverVersion(storedName: string | null): string | null {
  return storedName ? storedName.replace(/\.webp$/, '') : null
}
