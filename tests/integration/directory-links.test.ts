import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { createAccount, profileForm, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

// « Retour à l’annuaire » carries the search back, and only ever to the directory; a promotion
// filter that cannot apply says so instead of being dropped without a word.
let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let viewer: HttpClient
let target: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url })
  const me = await createAccount(app.ctx, { membership: 'alumni' })
  viewer = new HttpClient(app.url)
  await viewer.login(me.email, TEST_PASSWORD)
  target = await createAccount(app.ctx, { membership: 'alumni', promotion: 2011 })
  const browser = new HttpClient(app.url)
  await browser.login(target.email, TEST_PASSWORD)
  expect((await browser.postMultipart('/mon-compte/profil', profileForm({ promotion: '2011' }))).status).toBe(302)
  app.ctx.db.update(profiles).set({ contactConsent: true }).where(eq(profiles.userId, target.id)).run()
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")

/** The href of the profile's « Retour à l’annuaire » link, as the page was served. */
async function backLink(retour?: string) {
  const response = await viewer.get(`/membres/${target.id}${retour === undefined ? '' : `?retour=${encodeURIComponent(retour)}`}`)
  expect(response.status).toBe(200)
  const html = await response.text()
  const link = /<a[^>]*href="([^"]*)"[^>]*data-testid="back-to-directory"/.exec(html) ?? /data-testid="back-to-directory"[^>]*href="([^"]*)"/.exec(html)
  expect(link, 'the back link is on the page').not.toBeNull()
  return decode(link![1])
}

describe('« Retour à l’annuaire »', () => {
  it('goes back to the search the member came from: its words, filters, sort, page and view', async () => {
    expect(await backLink()).toBe('/annuaire')
    expect(await backLink('/annuaire?q=Dupont&promo=2010-2015&ville=Lyon&tri=name&page=3&vue=carte')).toBe(
      '/annuaire?q=Dupont&promo=2010-2015&ville=Lyon&tri=name&page=3&vue=carte',
    )
    expect(await backLink('/annuaire?q=%C3%A9l%C3%A8ve+ing%C3%A9nieur')).toBe('/annuaire?q=%C3%A9l%C3%A8ve+ing%C3%A9nieur')
  })

  it('the directory’s cards hand the search to the profile they open', async () => {
    const search = new URLSearchParams({ q: target.lastName, promo: '2011' })
    const page = decode(await (await viewer.get(`/annuaire?${search}`)).text())
    expect(page).toContain(`href="/membres/${target.id}?retour=${encodeURIComponent(`/annuaire?${search}`)}"`)
    // A card found with no search at all links to the bare profile.
    expect(decode(await (await viewer.get('/annuaire')).text())).not.toContain('retour=')
  })

  it('never leads elsewhere: another host, a scheme, a trick of slashes or dots gives the plain directory', async () => {
    const hostile = [
      'https://evil.example/annuaire?q=x',
      '//evil.example/annuaire',
      '/\\evil.example/annuaire',
      '\\\\evil.example/annuaire',
      '/\t/evil.example/annuaire',
      'javascript:alert(1)//annuaire',
      '/annuaire/../admin/comptes',
      '/admin/comptes?annuaire',
      '/annuaire@evil.example',
      'http:/annuaire',
      '/%2F%2Fevil.example/annuaire',
      'x'.repeat(3000),
    ]
    for (const retour of hostile) {
      const href = await backLink(retour)
      expect(href, retour).toMatch(/^\/annuaire(\?|$)/)
      expect(new URL(href, 'https://amicale.test').host, retour).toBe('amicale.test')
    }
    // What survives is the directory's own parameters, rebuilt: nothing else rides along.
    expect(await backLink('/annuaire?q=x&redirect=https://evil.example&next=//evil')).toBe('/annuaire?q=x')
  })

  it('is kept after sending a contact request from the profile', async () => {
    const retour = '/annuaire?q=Dupont&promo=2011'
    const sent = await viewer.post(`/membres/${target.id}?retour=${encodeURIComponent(retour)}`, {
      message: 'Bonjour, je cherche des conseils sur votre métier, auriez-vous un moment ?',
    })
    expect(sent.status).toBe(302)
    expect(sent.headers.get('location')).toBe(`/membres/${target.id}?retour=${encodeURIComponent(retour)}`)
    const hostile = await viewer.post(`/membres/${target.id}?retour=${encodeURIComponent('https://evil.example/annuaire')}`, {
      message: 'Un second message assez long pour passer la validation du formulaire.',
    })
    expect(hostile.headers.get('location')).toBe(`/membres/${target.id}`)
  })
})

describe('an invalid promotion filter', () => {
  const message = (html: string) => /data-testid="promotion-error"[^>]*>([^<]*)</.exec(html)?.[1]

  it('says so next to the field, and the search runs without it rather than finding no one', async () => {
    const everyone = (await (await viewer.get('/api/annuaire')).json()) as { total: number }
    const max = new Date().getFullYear() + 6
    for (const promo of ['abc', '1800', `${max + 1}`, '2015-2010', '-', '20121']) {
      const page = await viewer.get(`/annuaire?promo=${encodeURIComponent(promo)}`)
      expect(page.status, promo).toBe(200)
      const html = await page.text()
      expect(decode(message(html) ?? ''), promo).toContain(`n’est pas une promotion`)
      expect(decode(message(html) ?? ''), promo).toContain(`de 1950 à ${max}`)
      expect(html, promo).toMatch(/name="promo"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="promo"/)
      const api = (await (await viewer.get(`/api/annuaire?promo=${encodeURIComponent(promo)}`)).json()) as { total: number; promotionInvalid: boolean }
      expect(api.promotionInvalid, promo).toBe(true)
      expect(api.total, promo).toBe(everyone.total)
    }
  })

  it('stays quiet for a year, an open or a closed range', async () => {
    for (const promo of ['2011', '2010-2015', '-2012', '2010-']) {
      const html = await (await viewer.get(`/annuaire?promo=${encodeURIComponent(promo)}`)).text()
      expect(message(html), promo).toBeUndefined()
    }
    const found = (await (await viewer.get('/api/annuaire?promo=2011')).json()) as { hits: { id: string }[] }
    expect(found.hits.map((h) => h.id)).toContain(target.id)
  })
})
