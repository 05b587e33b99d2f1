import { describe, expect, it } from 'vitest'
import { en } from '../../app/i18n/en'
import { fr, type MessageKey } from '../../app/i18n/fr'
import { formatDate, formatDateTime, translate } from '../../app/i18n/index'
import { formatMessage, frenchArticle, messageArguments } from '../../app/i18n/message-format'

const keys = Object.keys(fr) as MessageKey[]

/** Keys whose English text may legitimately equal the French one. */
const SAME_IN_BOTH: ReadonlySet<MessageKey> = new Set<MessageKey>([
  // The error summary's line is only its two parts; « Notifications » is the same word in both.
  'form.summary.line',
  'account.menu.notifications',
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
  // The terms' « Version 3 » link, and a contact mail's paragraph that is the sender's own text.
  'terms.history.read',
  'contactForm.mail.line',
  // The access log's column and a document spelled alike.
  'privacy.accessLog.what',
  'privacy.accessLog.document.cv',
  // The letter's body paragraph: the webmaster's own text, in the language they wrote it in.
  'campaigns.mail.body',
])

const placeholders = messageArguments

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

describe('plurals', () => {
  const places = '{n, plural, one {# place} other {# places}}'
  const fr = (template: string, params: Record<string, string | number>) => formatMessage('fr-FR', template, params)
  const en = (template: string, params: Record<string, string | number>) => formatMessage('en-GB', template, params)

  it('treat 0 and 1 as singular in French, only 1 in English', () => {
    expect([0, 1, 2, 1000].map((n) => fr(places, { n }))).toEqual(['0 place', '1 place', '2 places', '1\u202f000 places'])
    expect([0, 1, 2, 1000].map((n) => en(places, { n }))).toEqual(['0 places', '1 place', '2 places', '1,000 places'])
  })

  it('prefer an exact =N branch, and fall back to other (French « many » for millions)', () => {
    const members = '{n, plural, =0 {aucun membre} one {# membre} other {# membres}}'
    expect(fr(members, { n: 0 })).toBe('aucun membre')
    expect(fr(members, { n: 1 })).toBe('1 membre')
    expect(fr(members, { n: 1_000_000 })).toBe('1\u202f000\u202f000 membres')
  })

  it('fill other arguments inside a branch, and nest select', () => {
    const message = '{kind, select, student {{n, plural, one {# étudiant à {city}} other {# étudiants à {city}}}} other {{n} personnes}}'
    expect(fr(message, { kind: 'student', n: 3, city: 'Lyon' })).toBe('3 étudiants à Lyon')
    expect(fr(message, { kind: 'alumni', n: 3, city: 'Lyon' })).toBe('3 personnes')
  })

  it('come out right from the catalogues', () => {
    expect(translate('fr', 'directory.results', { count: 0 })).toBe('0 membre')
    expect(translate('fr', 'directory.results', { count: 2241 })).toBe('2\u202f241 membres')
    expect(translate('en', 'directory.results', { count: 1 })).toBe('1 member')
    expect(translate('fr', 'careers.myOffers.applications', { count: 0 })).toBe('Aucune candidature reçue')
    expect(translate('fr', 'careers.myOffers.applications', { count: 1 })).toBe('1 candidature reçue')
    expect(translate('fr', 'events.you.confirmed', { count: 1 })).toBe('Vous êtes inscrit (1 place)')
    expect(translate('en', 'events.you.confirmed', { count: 3 })).toBe('You are registered (3 places)')
    expect(translate('fr', 'admin.emails.count', { count: 1 })).toBe('1 e-mail')
  })

  it('leave an argument without its value as written, and refuse a malformed message', () => {
    expect(fr(`${places} de {name}`, { name: 'Camille' })).toBe(`${places} de Camille`)
    expect(() => fr('{n, plural, one {# place}}', { n: 1 })).toThrow(/other/)
    expect(() => fr('{n, plural, one {# place} other {# places}', { n: 1 })).toThrow()
    expect(() => fr('{n, ordinal}', { n: 1 })).toThrow(/ordinal/)
  })

  it('parses each template once: thousands of renders stay well under a millisecond each', () => {
    const started = performance.now()
    for (let i = 0; i < 20_000; i++) translate('fr', 'events.feed.registered', { name: 'Camille', places: i % 4 })
    expect((performance.now() - started) / 20_000).toBeLessThan(0.05)
  })
})

describe('years', () => {
  it('are never grouped like amounts', () => {
    expect(translate('fr', 'dues.error.promotion', { min: 1950, max: 2032 })).toBe('Saisissez une année entre 1950 et 2032.')
    expect(translate('en', 'dues.error.promotion', { min: 1950, max: 2032 })).toBe('Enter a year between 1950 and 2032.')
    expect(translate('fr', 'directory.promo', { year: 2012 })).toBe('Promotion 2012')
    expect(translate('fr', 'home.stats', { members: 1, first: 1950, last: 2025 })).toBe('1 membre cotisant · promotions 1950 à 2025')
    expect(translate('fr', 'mail.contact.body', { name: 'Camille', promotion: '—' })).toContain('(promotion —)')
  })
})

describe('French articles before a name', () => {
  it('elide, contract or leave bare, as the name asks', () => {
    expect(frenchArticle('École supérieure d’ingénieurs de Lyon', 'de')).toBe('de l’École supérieure d’ingénieurs de Lyon')
    expect(frenchArticle('Institut national des sciences appliquées', 'de')).toBe('de l’Institut national des sciences appliquées')
    expect(frenchArticle('Université Lumière', 'de')).toBe('de l’Université Lumière')
    expect(frenchArticle('Lycée Ampère', 'de')).toBe('du Lycée Ampère')
    expect(frenchArticle('Lycée Ampère', 'à')).toBe('au Lycée Ampère')
    expect(frenchArticle('Faculté de droit', 'de')).toBe('de la Faculté de droit')
    expect(frenchArticle('Arts et Métiers', 'de')).toBe('des Arts et Métiers')
    expect(frenchArticle('Sciences Po', 'de')).toBe('de Sciences Po')
    expect(frenchArticle('Le Cercle Ampère', 'de')).toBe('du Cercle Ampère')
    expect(frenchArticle("L'École des Mines", 'de')).toBe('de l’École des Mines')
    expect(frenchArticle('Amicale des diplômés', 'le')).toBe('l’Amicale des diplômés')
  })

  it('reach the pages and mails through the catalogue, in French only', () => {
    const school = 'École supérieure d’ingénieurs de Lyon'
    expect(translate('fr', 'meta.description', { school })).toMatch(/^Le réseau des diplômés de l’École supérieure/)
    expect(translate('fr', 'meta.description', { school: 'Lycée Ampère' })).toMatch(/^Le réseau des diplômés du Lycée Ampère/)
    expect(translate('en', 'meta.description', { school })).toMatch(/^The graduate network of École supérieure/)
    expect(translate('fr', 'home.title', { name: 'Amicale des diplômés' })).toBe('Bienvenue à l’Amicale des diplômés')
    expect(translate('fr', 'mail.signature', { name: 'Amicale des diplômés' })).toBe('L’équipe de l’Amicale des diplômés')
  })
})

describe('formatDate', () => {
  it('writes the first of the month as « 1er » in French, before a month in words only', () => {
    const first = new Date('2026-12-01T10:00:00Z')
    expect(formatDate('fr', first)).toBe('1er décembre 2026')
    expect(formatDateTime('fr', first)).toBe('mardi 1er décembre 2026 à 11 h 00')
    expect(formatDate('fr', first, { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' })).toBe('1er déc.')
    expect(formatDate('fr', first, { dateStyle: 'short', timeZone: 'Europe/Paris' })).toBe('01/12/2026')
    expect(formatDate('fr', new Date('2026-12-11T10:00:00Z'))).toBe('11 décembre 2026')
    expect(formatDate('fr', new Date('2026-12-21T10:00:00Z'))).toBe('21 décembre 2026')
    expect(formatDate('en', first)).toBe('1 December 2026')
  })
})
