import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { privacyPolicy } from '../../app/features/privacy/policy.server'
import { privacyRegistry } from '../../app/features/privacy/registry.server'
import { CATEGORY_KEYS, RECIPIENT_KEYS, retentionText, type PrivacyEntry } from '../../app/features/privacy/schema'
import { translator, type Locale } from '../../app/i18n'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

// /confidentialite is generated from the registry (issue #16): every declared category, every
// table's data and retention must be on the page, in both languages, and a new declaration
// shows up without anyone writing the policy.
let app: TestServer
beforeAll(async () => {
  app = await startTestServer({
    ASSOCIATION_NAME: 'Amicale des Gadzarts du Rhône',
    ASSOCIATION_ADDRESS: '3 quai Perrache, 69002 Lyon',
    ASSOCIATION_EMAIL: 'rgpd@amicale.example',
  })
})
afterAll(async () => {
  await app?.close()
})

/** The page's visible text, tags removed and entities decoded, as a reader gets it. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<main'))
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

async function policyPage(locale: Locale) {
  const browser = new HttpClient(app.url)
  if (locale === 'en') await browser.post('/langue', { locale: 'en', redirectTo: '/confidentialite' })
  const response = await browser.get('/confidentialite')
  expect(response.status).toBe(200)
  return visibleText(await response.text())
}

describe('/confidentialite', () => {
  it.each(['fr', 'en'] as const)('lists every declared category, its data, recipients and retention (%s)', async (locale) => {
    const t = translator(locale)
    const text = await policyPage(locale)
    const categories = new Set(privacyRegistry.map((e) => e.category))
    expect(categories.size).toBeGreaterThanOrEqual(8)
    for (const category of categories) expect(text, category).toContain(t(CATEGORY_KEYS[category]))
    for (const entry of privacyRegistry) {
      expect(text, entry.table).toContain(t(entry.data))
      for (const rule of entry.retention) expect(text, `${entry.table} retention`).toContain(retentionText(t, rule))
      for (const recipient of entry.recipients) expect(text, `${entry.table} recipient`).toContain(t(RECIPIENT_KEYS[recipient]))
    }
  })

  it('names the association responsible and the rights, with a way to exercise them', async () => {
    const browser = new HttpClient(app.url)
    const html = await (await browser.get('/confidentialite')).text()
    const text = visibleText(html)
    expect(text).toContain('Amicale des Gadzarts du Rhône, 3 quai Perrache, 69002 Lyon')
    expect(text).toContain('rgpd@amicale.example')
    expect(text).toContain('90 jours après l’envoi')
    expect(text).toContain('art. L123-22 du Code de commerce')
    for (const right of ['Accès', 'Rectification', 'Effacement', 'Portabilité', 'Opposition', 'Réclamation']) expect(text).toContain(`${right} :`)
    expect(text).toContain('CNIL')
    const contactLink = /href="(\/contact\?sujet=[^"]+)"/.exec(html)?.[1]
    expect(contactLink).toBeDefined()
    const form = await (await browser.get(contactLink!.replace(/&amp;/g, '&'))).text()
    expect(form).toContain('Demande relative à mes données personnelles')
  })

  it('is linked from the footer of every page', async () => {
    const home = await (await new HttpClient(app.url).get('/')).text()
    expect(home).toMatch(/<footer[\s\S]*href="\/confidentialite"[\s\S]*<\/footer>/)
  })

  it('shows a new declaration by itself, in its category', () => {
    const bookmarks: PrivacyEntry = {
      table: 'bookmarks',
      category: 'careers',
      data: 'privacy.data.jobAlerts',
      purpose: 'privacy.purpose.alerts',
      legalBasis: 'consent',
      recipients: ['self'],
      retention: [{ kind: 'after', duration: { months: 6 }, since: 'privacy.since.created', purge: () => ({ rows: 0 }) }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['url'] }, erase: { action: 'delete' } }],
    }
    const careers = privacyPolicy([...privacyRegistry, bookmarks]).find((c) => c.category === 'careers')!
    const item = careers.items.find((i) => i.table === 'bookmarks')!
    expect(item.retention).toEqual([{ kind: 'after', duration: { months: 6 }, since: 'privacy.since.created' }])
    expect(retentionText(translator('fr'), item.retention[0]!)).toBe('6 mois après leur création')
  })
})
