import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventIcs, toCsv } from '../../app/features/events/event-files.server'
import { formatTicketCode, newTicketCode, normalizeTicketCode } from '../../app/features/events/event-registrations.server'
import type { EventDetails } from '../../app/features/events/events.server'
import { utcToZonedInput, zonedToUtc } from '../../app/shared/zoned-time'

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
    const csv = toCsv(
      ['Nom', 'Note'],
      [
        ['Dupont; Jean', 'il a dit "oui"'],
        ['=HYPERLINK("http://evil")', '+33 6 12'],
        ['@SUM(A1)', null],
      ],
    )
    expect(csv.startsWith('\uFEFFNom;Note\r\n')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[1]).toBe('"Dupont; Jean";"il a dit ""oui"""')
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil"")";'+33 6 12`)
    expect(lines[3]).toBe("'@SUM(A1);")
  })

  it('keeps a cell whole for a spreadsheet that splits on commas or tabs, and for line breaks of every kind', () => {
    const csv = toCsv(['Nom'], [['Dupont,=cmd|calc'], ['a\tb'], ['un\rdeux'], ['\n=1+1']])
    const lines = csv.slice(1).split('\r\n')
    expect(lines[1]).toBe('"Dupont,=cmd|calc"')
    expect(lines[2]).toBe('"a\tb"')
    expect(lines[3]).toBe('"un\rdeux"')
    expect(lines[4]).toBe(`"'\n=1+1"`)
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
    const ics = eventIcs(details, {
      url: 'https://amicale.example/evenements/7',
      host: 'amicale.example',
      now: new Date('2026-11-25T10:00:00Z'),
      showOnlineUrl: false,
    })
    expect(ics).toContain('SUMMARY:Gala\\, dîner\\; soirée\r\n')
    expect(ics).toContain('DTSTART:20270104T183000Z\r\n')
    expect(ics).toContain('LOCATION:Palais de la Bourse\\, Place de la Bourse\\, Lyon\r\n')
    expect(ics).toContain('DESCRIPTION:Ligne 1\\nLigne 2')
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    // Unfolded, the description is whole again.
    expect(ics.replace(/\r\n /g, '')).toContain('évidemment.\\n\\nhttps://amicale.example/evenements/7')
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  })

  const options = { url: 'https://amicale.example/evenements/7', host: 'amicale.example', now: new Date('2026-11-25T10:00:00Z'), showOnlineUrl: false }
  const withText = (text: { title: string; description: string; venue: string; firstName: string }) =>
    ({
      ...details,
      event: { ...details.event, title: text.title, description: text.description, venue: text.venue, address: null, city: null },
      organizer: { ...details.organizer, firstName: text.firstName },
    }) as unknown as EventDetails

  /** Content lines once unfolded; throws on anything but CRLF line ends. */
  function contentLines(ics: string): string[] {
    expect(ics.endsWith('\r\n')).toBe(true)
    const physical = ics.slice(0, -2).split('\r\n')
    for (const line of physical) {
      expect(line).not.toMatch(/[\r\n]/)
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    }
    return physical
      .join('\r\n')
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
  }
  /** RFC 5545 TEXT unescaping, strict: a bare comma or semicolon, or an unknown escape, is a failure. */
  function unescapeText(value: string): string {
    return value.replace(/\\(.)|[,;\\]/gs, (match, escaped: string | undefined) => {
      if (escaped === undefined || !'\\;,nN'.includes(escaped)) throw new Error(`badly escaped: ${JSON.stringify(match)}`)
      return escaped === 'n' || escaped === 'N' ? '\n' : escaped
    })
  }
  const unescapeParam = (value: string) =>
    value.replace(/^"|"$/g, '').replace(/\^(.)/g, (match, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : c === '^' ? '^' : match))
  /** What a value is expected to read back as: one kind of line break, no other control character. */
  // eslint-disable-next-line no-control-regex -- what the writer must have removed
  const readBack = (text: string) => text.replace(/\r\n|\r|\n/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')

  // Strings rich in what breaks a calendar, mixed with any Unicode text.
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom('\r', '\n', '\r\n', ',', ';', '\\', ':', '"', '^', '\t', '\u0000', '\u000b', 'é', '😀', 'BEGIN:VEVENT', 'END:VCALENDAR', 'a', ' '),
      maxLength: 60,
    }),
  )

  it('for any title, description, place and organizer name, writes one event, CRLF lines only, and values that read back whole', () => {
    fc.assert(
      fc.property(fc.record({ title: hostile, description: hostile, venue: hostile, firstName: hostile }), (text) => {
        const lines = contentLines(eventIcs(withText(text), options))
        expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1)
        expect(lines.filter((l) => /^(BEGIN|END):/.test(l))).toEqual(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'END:VEVENT', 'END:VCALENDAR'])
        const value = (name: string) => {
          const found = lines.filter((l) => l.startsWith(`${name}:`))
          expect(found).toHaveLength(1)
          return found[0].slice(name.length + 1)
        }
        expect(unescapeText(value('SUMMARY'))).toBe(readBack(text.title))
        expect(unescapeText(value('DESCRIPTION'))).toBe(readBack(`${text.description}\n\n${options.url}`))
        expect(unescapeText(value('LOCATION'))).toBe(readBack(text.venue))
        const organizer = lines.filter((l) => l.startsWith('ORGANIZER;'))
        expect(organizer).toHaveLength(1)
        const cn = /^ORGANIZER;CN=("[^"]*"):mailto:([^\s]+)$/.exec(organizer[0])
        expect(cn).not.toBeNull()
        expect(unescapeParam(cn![1])).toBe(readBack(`${text.firstName} ${details.organizer.lastName}`))
        expect(cn![2]).toBe(details.organizer.email)
      }),
      { numRuns: 500 },
    )
  })

  it('escapes a bare CR in a title, which once let a title open its own event', () => {
    const ics = eventIcs(withText({ title: 'Gala\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Faux', description: '', venue: 'Lyon', firstName: 'Hélène' }), options)
    expect(ics).toContain('SUMMARY:Gala\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Faux\r\n')
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2) // the real one, and the harmless text inside SUMMARY
    expect(contentLines(ics).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1)
  })
})
