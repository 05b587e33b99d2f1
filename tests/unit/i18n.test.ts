import { describe, expect, it } from 'vitest'
import { en } from '../../app/i18n/en'
import { fr, type MessageKey } from '../../app/i18n/fr'
import { formatDateTime, translate } from '../../app/i18n/index'

const keys = Object.keys(fr) as MessageKey[]

/** Keys whose English text may legitimately equal the French one. */
const SAME_IN_BOTH: ReadonlySet<MessageKey> = new Set<MessageKey>([
  // Events: words spelled alike in both languages, and a mail paragraph that is the organizer's own text.
  'events.filters.format',
  'events.field.description',
  'events.field.ticketQuota',
  'events.dashboard.colPlaces',
  'events.dashboard.colActions',
  'events.invite.promotions',
  'events.invitation.title',
  'events.account.places',
  'events.csv.places',
  'mail.invitation.subject',
  'mail.invitation.description',
  'nav.menu',
  'nav.admin',
  'nav.discussions',
  'footer.address',
  'admin.title',
  'admin.emails.kind',
  'pagination.label',
  'directory.radiusKm',
  'profile.linkedin',
  'myProfile.photo',
])

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort()
}

describe('message catalogues', () => {
  it('have identical key sets, in the same order', () => {
    expect(Object.keys(en)).toEqual(Object.keys(fr))
  })

  it('have no empty English message', () => {
    for (const key of keys) expect(en[key].trim(), key).not.toBe('')
  })

  it('use the same {placeholders} for every key', () => {
    for (const key of keys) expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]))
  })

  it('translate every message except an explicit allow-list', () => {
    const untranslated = keys.filter((key) => en[key] === fr[key] && !SAME_IN_BOTH.has(key))
    expect(untranslated).toEqual([])
    for (const key of SAME_IN_BOTH) expect(key in fr, `stale allow-list entry ${key}`).toBe(true)
  })

  it('do not carry French typography into English', () => {
    for (const key of keys) {
      expect(en[key], key).not.toMatch(/[\s\u00a0\u202f][:;?!]/)
      expect(en[key], key).not.toMatch(/[«»]/)
    }
    expect(en['footer.contact']).toBe('Contact: {email}')
  })

  it('switch to the other language', () => {
    expect(fr['lang.switchTo']).toBe('English')
    expect(en['lang.switchTo']).toBe('Français')
  })
})

describe('translate', () => {
  it('returns the template when no parameters are given', () => {
    expect(translate('en', 'nav.dues')).toBe('Pay dues')
    expect(translate('fr', 'nav.dues')).toBe('Cotiser')
  })

  it('fills placeholders', () => {
    expect(translate('fr', 'home.greeting', { firstName: 'Camille' })).toBe('Bonjour Camille\u00a0!')
    expect(translate('en', 'home.greeting', { firstName: 'Camille' })).toBe('Hello Camille!')
    expect(translate('en', 'home.title', { name: 'Amicale des anciens' })).toBe('Welcome to Amicale des anciens')
    expect(translate('en', 'pagination.status', { page: 2, pages: 7 })).toBe('Page 2 of 7')
  })

  it('leaves unknown placeholders untouched', () => {
    expect(translate('fr', 'footer.address', { name: 'Amicale' })).toBe('Amicale — {address}')
  })

  it('formats numbers the locale way', () => {
    const params = { members: 2000, first: '1990', last: '2025' }
    expect(translate('fr', 'home.stats', params)).toBe('2\u202f000 membres cotisants · promotions 1990 à 2025')
    expect(translate('en', 'home.stats', params)).toBe('2,000 paid-up members · class years 1990 to 2025')
  })
})

describe('formatDateTime', () => {
  const date = new Date('2026-03-12T18:00:00Z')

  it('writes French dates with « h » between hours and minutes, in Paris time', () => {
    expect(formatDateTime('fr', date)).toBe('jeudi 12 mars 2026 à 19 h 00')
  })

  it('writes English dates with a colon', () => {
    expect(formatDateTime('en', date)).toContain('12 March 2026')
    expect(formatDateTime('en', date)).toContain('19:00')
  })
})
