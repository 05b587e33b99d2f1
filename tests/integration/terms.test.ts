import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { moderationLog, termsAcceptances, termsVersions, users } from '../../db/schema'
import { utcToZonedInput } from '../../app/shared/zoned-time'
import { clauseHref, clausesOf, termsProblems } from '../../app/features/moderation/terms'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { decodeData, dataUrl } from '../support/single-fetch'
import { firstLink } from '../support/smtp'
import type { HttpClient } from '../support/http'

const suite = mailSuite('10.15.0')
const { client } = suite

const V1 = `Le préambule des conditions.

## 1. Objet
La plateforme de l’amicale.

## 2. Respect des membres
### 2.1 Courtoisie
On reste **courtois**.

### 2.2 Harcèlement
Le harcèlement est interdit.`
const V2 = `${V1}

## 3. Offres d’emploi
Les offres décrivent des postes réels.`

const DAY = 24 * 60 * 60_000
const parisDay = (date: Date) => utcToZonedInput(date, 'Europe/Paris').slice(0, 10)

async function loggedIn(options: Parameters<typeof createAccount>[1] = {}) {
  const account = await createAccount(suite.app.ctx, options)
  const browser = client()
  await browser.login(account.email, TEST_PASSWORD)
  return { account, browser }
}

function acceptancesOf(userId: string) {
  return suite.app.ctx.db
    .select({ version: termsVersions.version, via: termsAcceptances.via })
    .from(termsAcceptances)
    .innerJoin(termsVersions, eq(termsVersions.id, termsAcceptances.versionId))
    .where(eq(termsAcceptances.userId, userId))
    .all()
}

const publish = (browser: HttpClient, fields: { body: string; summary: string; effectiveOn: string }) =>
  browser.post('/admin/cgu', { intent: 'publish', ...fields })

describe('the terms document', () => {
  it('lists numbered clauses with stable links, and refuses headings without a number', () => {
    expect(clausesOf(V1)).toEqual([
      { number: '1', title: 'Objet', level: 1 },
      { number: '2', title: 'Respect des membres', level: 1 },
      { number: '2.1', title: 'Courtoisie', level: 2 },
      { number: '2.2', title: 'Harcèlement', level: 2 },
    ])
    expect(clauseHref(3, '4.2')).toBe('/cgu/3#article-4-2')
    expect(clauseHref(3, '"><script>')).toBe('/cgu/3')
    expect(termsProblems(V1)).toEqual([])
    expect(termsProblems('## Objet\ntexte').map((p) => p.key)).toEqual(['terms.error.headingNumber', 'terms.error.noClause'])
    expect(termsProblems('## 1. A\n## 1. B').map((p) => p.key)).toEqual(['terms.error.duplicateClause'])
    expect(termsProblems('## 1. A\n### 2.1 B').map((p) => p.key)).toEqual(['terms.error.clauseParent'])
  })
})

// One site for the whole file: the versions pile up as they would (1, then 2, then 3 dated later).
describe('terms of use', () => {
  let webmaster: Awaited<ReturnType<typeof loggedIn>>

  it('asks nothing while no terms are published (a fresh install locks no one out)', async () => {
    const { browser } = await loggedIn({ membership: 'alumni' })
    expect((await browser.get('/annuaire')).status).toBe(200)
    expect(await (await client().get('/inscription')).text()).not.toContain('acceptTerms')
    expect(await (await client().get('/cgu')).text()).toContain('pas encore été publiées')
  })

  it('lets only webmasters publish', async () => {
    const { browser } = await loggedIn({ membership: 'alumni' })
    expect((await publish(browser, { body: V1, summary: 'Première version.', effectiveOn: parisDay(new Date()) })).status).toBe(403)
    const visitor = await publish(client(), { body: V1, summary: 'Première version.', effectiveOn: parisDay(new Date()) })
    expect(visitor.headers.get('location')).toMatch(/^\/connexion/)
    expect(suite.app.ctx.db.select().from(termsVersions).all()).toHaveLength(0)
  })

  it('previews a draft, refuses bad ones next to the field, then publishes version 1 and logs who did', async () => {
    webmaster = await loggedIn({ role: 'webmaster', membership: 'alumni' })
    const today = parisDay(new Date())
    const bad = await webmaster.browser.post('/admin/cgu', {
      intent: 'preview',
      body: '## Objet\nSans numéro',
      summary: 'x',
      effectiveOn: parisDay(new Date(Date.now() - 2 * DAY)),
    })
    expect(bad.status).toBe(400)
    const badPage = await bad.text()
    expect(badPage).toContain('Ce titre n’a pas de numéro : « ## Objet »')
    expect(badPage).toContain('Choisissez aujourd’hui ou un jour suivant.')

    const preview = await webmaster.browser.post('/admin/cgu', { intent: 'preview', body: V1, summary: 'Première version.', effectiveOn: today })
    expect(preview.status).toBe(200)
    const previewPage = await preview.text()
    expect(previewPage).toContain('Aperçu de la version 1')
    expect(previewPage).toContain('id="apercu-article-2-1"')
    expect(previewPage).toContain('<strong>courtois</strong>')
    expect(suite.app.ctx.db.select().from(termsVersions).all()).toHaveLength(0)

    const published = await publish(webmaster.browser, { body: V1, summary: 'Première version.', effectiveOn: today })
    expect(published.status).toBe(302)
    expect(published.headers.get('location')).toBe('/admin/cgu')
    const [row] = suite.app.ctx.db.select().from(termsVersions).all()
    expect(row).toMatchObject({ version: 1, publishedBy: webmaster.account.id })
    const log = suite.app.ctx.db.select().from(moderationLog).where(eq(moderationLog.action, 'terms.published')).all()
    expect(log).toEqual([expect.objectContaining({ actorId: webmaster.account.id, targetId: '1' })])
    // The webmaster, like everyone, accepts it (no acceptance came with publishing it).
    expect((await webmaster.browser.post('/cgu/accepter', { version: '1' })).status).toBe(302)
  })

  it('records the acceptance at sign-up with the version in force, and refuses the form without the box', async () => {
    const fields = { lastName: 'Lefèvre', firstName: 'Hélène', email: 'helene.cgu@exemple.fr', password: 'une phrase de passe solide' }
    const refused = await client().post('/inscription', fields)
    expect(refused.status).toBe(400)
    const page = await refused.text()
    expect(page).toContain('J’accepte les conditions d’utilisation (version 1)')
    expect(page).toMatch(/id="field-acceptTerms-error"[^>]*>Cochez cette case pour accepter les conditions d’utilisation\./)

    const browser = client()
    expect((await browser.post('/inscription', { ...fields, acceptTerms: 'on' })).status).toBe(200)
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('helene.cgu@exemple.fr'))
    const link = new URL(firstLink(mail, '/inscription/confirmer'))
    expect((await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })).status).toBe(302)
    const user = suite.app.ctx.db.select().from(users).where(eq(users.email, 'helene.cgu@exemple.fr')).get()!
    expect(acceptancesOf(user.id)).toEqual([{ version: 1, via: 'signup' }])
    // Accepted: nothing stands between the new account and the site.
    expect((await browser.get('/mon-compte')).status).toBe(200)
  })

  it('records the acceptance at Cotiser (a visitor signing up there), and refuses it without the box', async () => {
    const form = {
      lastName: 'Martin',
      firstName: 'Paul',
      email: 'paul.cgu@exemple.fr',
      password: 'une phrase de passe solide',
      promotion: '2012',
      diploma: suite.app.ctx.config.DIPLOMAS[0],
      category: 'alumni',
    }
    const refused = await client().postMultipart('/cotiser', form)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Cochez cette case pour accepter les conditions d’utilisation.')

    const browser = client()
    expect((await browser.postMultipart('/cotiser', { ...form, acceptTerms: 'on' })).status).toBe(200)
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('paul.cgu@exemple.fr'))
    const link = new URL(firstLink(mail, '/inscription/confirmer'))
    expect((await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })).headers.get('location')).toMatch(/^\/cotiser\?/)
    const user = suite.app.ctx.db.select().from(users).where(eq(users.email, 'paul.cgu@exemple.fr')).get()!
    expect(acceptancesOf(user.id)).toEqual([{ version: 1, via: 'dues' }])

    // A logged-in account is asked the box too, next to it.
    const member = await loggedIn()
    const unticked = await member.browser.postMultipart('/cotiser', { ...form, email: '', password: '' })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Cochez cette case pour accepter les conditions d’utilisation.')
  })

  it('sends a member to the acceptance page once version 2 is in force, blocks everything else, and returns them after', async () => {
    const { account, browser } = await loggedIn({ membership: 'alumni' })
    expect((await browser.get('/annuaire')).status).toBe(200)
    const published = await publish(webmaster.browser, {
      body: V2,
      summary: '- Ajout de l’article 3 sur les **offres d’emploi**.',
      effectiveOn: parisDay(new Date()),
    })
    expect(published.status).toBe(302)

    const page = await browser.get('/annuaire?q=lyon')
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe(`/cgu/accepter?redirectTo=${encodeURIComponent('/annuaire?q=lyon')}`)
    expect((await browser.get('/mon-compte')).headers.get('location')).toBe(`/cgu/accepter?redirectTo=${encodeURIComponent('/mon-compte')}`)
    expect((await browser.get('/')).headers.get('location')).toBe('/cgu/accepter')
    // A form is stopped before its action runs: the password stays as it was.
    const post = await browser.post('/mon-compte', { intent: 'password', currentPassword: TEST_PASSWORD, newPassword: 'un tout nouveau secret' })
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toBe(`/cgu/accepter?redirectTo=${encodeURIComponent('/mon-compte')}`)
    expect((await client().login(account.email, TEST_PASSWORD)).status).toBe(302)
    // A client-side navigation gets the same redirect, in Remix's encoding.
    const data = await browser.get(dataUrl('/groupes'))
    expect(data.status).toBe(202)
    expect(await decodeData(data)).toMatchObject({ redirect: `/cgu/accepter?redirectTo=${encodeURIComponent('/groupes')}`, reload: true })
    // What the acceptance page needs stays reachable.
    expect((await browser.get('/cgu')).status).toBe(200)
    expect((await browser.get('/cgu/1')).status).toBe(200)
    expect((await browser.get('/contact')).status).toBe(200)
    expect((await browser.get('/confidentialite')).status).toBe(200)

    const prompt = await browser.get('/cgu/accepter?redirectTo=%2Fannuaire%3Fq%3Dlyon')
    expect(prompt.status).toBe(200)
    const html = await prompt.text()
    expect(html).toContain('Nouvelles conditions d’utilisation')
    expect(html).toContain('La version 2 des conditions d’utilisation est en vigueur')
    expect(html).toContain('Ajout de l’article 3 sur les <strong>offres d’emploi</strong>')
    expect(html).toContain('href="/cgu/2"')
    expect(html).toContain('action="/deconnexion"')

    const accepted = await browser.post('/cgu/accepter', { version: '2', redirectTo: '/annuaire?q=lyon' })
    expect(accepted.status).toBe(302)
    expect(accepted.headers.get('location')).toBe('/annuaire?q=lyon')
    expect(acceptancesOf(account.id)).toContainEqual({ version: 2, via: 'prompt' })
    expect((await browser.get('/annuaire?q=lyon')).status).toBe(200)
    expect((await browser.get('/cgu/accepter')).headers.get('location')).toBe('/')
  })

  it('lets a member log out from the acceptance page without accepting', async () => {
    const { account, browser } = await loggedIn({ membership: 'alumni', acceptedTerms: false })
    expect((await browser.get('/groupes')).status).toBe(302)
    const out = await browser.post('/deconnexion', {})
    expect(out.status).toBe(302)
    expect((await browser.get('/groupes')).headers.get('location')).toMatch(/^\/connexion/)
    expect(acceptancesOf(account.id)).toEqual([])
  })

  it('refuses hostile redirect targets after accepting', async () => {
    const { browser } = await loggedIn({ membership: 'alumni', acceptedTerms: false })
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', '/cgu/accepter']) {
      const response = await browser.post('/cgu/accepter', { version: '2', redirectTo: evil })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/')
    }
    expect((await browser.get('/cgu/accepter?redirectTo=%2F%2Fevil.example')).headers.get('location')).toBe('/')
  })

  it('shows the version in force and the earlier ones on /cgu', async () => {
    const current = await (await client().get('/cgu')).text()
    expect(current).toContain('Version 2, en vigueur depuis le')
    expect(current).toContain('id="article-3"')
    expect(current).toContain('href="/cgu/1"')
    const first = await (await client().get('/cgu/1')).text()
    expect(first).toContain('Cette version a été remplacée.')
    expect(first).not.toContain('id="article-3"')
    expect((await client().get('/cgu/99')).status).toBe(404)
    expect((await client().get('/cgu/abc')).status).toBe(404)
  })

  it('does not enforce a version dated in the future until its day', async () => {
    await webmaster.browser.post('/cgu/accepter', { version: '2' })
    const tomorrow = parisDay(new Date(Date.now() + DAY))
    const published = await publish(webmaster.browser, { body: V2, summary: 'Précisions.', effectiveOn: tomorrow })
    expect(published.status).toBe(302)
    // Dates only move forward: nothing may be dated before version 3's day now.
    const earlier = await webmaster.browser.post('/admin/cgu', { intent: 'preview', body: V2, summary: 'x', effectiveOn: parisDay(new Date()) })
    expect(await earlier.text()).toContain('La version précédente entre en vigueur le')

    const { account, browser } = await loggedIn({ membership: 'alumni' })
    expect((await browser.get('/annuaire')).status).toBe(200)
    expect(await (await client().get('/cgu')).text()).toContain('à venir')
    const realNow = suite.app.ctx.now
    suite.app.ctx.now = () => new Date(Date.now() + 2 * DAY)
    try {
      expect((await browser.get('/annuaire')).headers.get('location')).toBe(`/cgu/accepter?redirectTo=${encodeURIComponent('/annuaire')}`)
    } finally {
      suite.app.ctx.now = realNow
    }
    expect(
      suite.app.ctx.db
        .select()
        .from(termsAcceptances)
        .where(and(eq(termsAcceptances.userId, account.id), eq(termsAcceptances.via, 'prompt')))
        .all(),
    ).toEqual([])
  })
})
