import { describe, expect, it } from 'vitest'
import { eventIcs, toCsv } from '../../app/services/event-files.server'
import { formatTicketCode, newTicketCode, normalizeTicketCode } from '../../app/services/event-registrations.server'
import type { EventDetails } from '../../app/services/events.server'
import { utcToZonedInput, zonedToUtc } from '../../app/utils/zoned-time'

describe('event times in Paris', () => {
  it('turns the form’s wall-clock time into the instant, summer and winter', () => {
    expect(zonedToUtc('2026-07-01T19:00', 'Europe/Paris')?.toISOString()).toBe('2026-07-01T17:00:00.000Z')
    expect(zonedToUtc('2026-12-10T19:00', 'Europe/Paris')?.toISOString()).toBe('2026-12-10T18:00:00.000Z')
    // Around the change of time, the day after keeps its own offset.
    expect(zonedToUtc('2026-10-25T12:00', 'Europe/Paris')?.toISOString()).toBe('2026-10-25T11:00:00.000Z')
    expect(zonedToUtc('2026-13-01T19:00', 'Europe/Paris')).toBeNull()
    expect(zonedToUtc('demain soir', 'Europe/Paris')).toBeNull()
  })

  it('gives the form back the time it was given', () => {
    for (const local of ['2026-03-28T23:30', '2026-06-21T08:05', '2027-01-01T00:00']) {
      expect(utcToZonedInput(zonedToUtc(local, 'Europe/Paris')!, 'Europe/Paris')).toBe(local)
    }
  })
})

describe('ticket codes', () => {
  it('are 10 characters of an alphabet without I, L, O, U, and forgive how the desk types them', () => {
    const code = newTicketCode()
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/)
    expect(normalizeTicketCode(` ${formatTicketCode(code).toLowerCase()} `)).toBe(code)
    expect(normalizeTicketCode('AMICALE:K7F3Q-9XMZO')).toBe('K7F3Q9XMZ0')
    expect(normalizeTicketCode('abcil-12345')).toBe('ABC1112345')
  })
})

describe('CSV export', () => {
  it('starts with a BOM, separates with semicolons, quotes what must be, and never lets a cell run as a formula', () => {
    const csv = toCsv(['Nom', 'Note'], [
      ['Dupont; Jean', 'il a dit "oui"'],
      ['=HYPERLINK("http://evil")', '+33 6 12'],
      ['@SUM(A1)', null],
    ])
    expect(csv.startsWith('\uFEFFNom;Note\r\n')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[1]).toBe('"Dupont; Jean";"il a dit ""oui"""')
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil"")";'+33 6 12`)
    expect(lines[3]).toBe("'@SUM(A1);")
  })
})

describe('iCalendar', () => {
  const details = {
    event: {
      id: 7,
      title: 'Gala, dîner; soirée',
      description: 'Ligne 1\nLigne 2 avec une très longue phrase qui dépasse largement soixante-quinze octets une fois encodée en UTF-8, évidemment.',
      online: false,
      venue: 'Palais de la Bourse',
      address: 'Place de la Bourse',
      city: 'Lyon',
      onlineUrl: null,
      startsAt: new Date('2027-01-04T18:30:00Z'),
      endsAt: new Date('2027-01-05T00:00:00Z'),
      status: 'published',
    },
    organizer: { id: 'u1', firstName: 'Hélène', lastName: 'Marchand', email: 'admin@amicale.example' },
    groupName: null,
    ticketTypes: [],
  } as unknown as EventDetails

  it('escapes text, uses UTC times, and folds long lines without cutting a character', () => {
    const ics = eventIcs(details, { url: 'https://amicale.example/evenements/7', host: 'amicale.example', now: new Date('2026-11-25T10:00:00Z'), showOnlineUrl: false })
    expect(ics).toContain('SUMMARY:Gala\\, dîner\\; soirée\r\n')
    expect(ics).toContain('DTSTART:20270104T183000Z\r\n')
    expect(ics).toContain('LOCATION:Palais de la Bourse\\, Place de la Bourse\\, Lyon\r\n')
    expect(ics).toContain('DESCRIPTION:Ligne 1\\nLigne 2')
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    // Unfolded, the description is whole again.
    expect(ics.replace(/\r\n /g, '')).toContain('évidemment.\\n\\nhttps://amicale.example/evenements/7')
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  })
})
