import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createAccount, TEST_PASSWORD } from '../factories'
import { createTestEvent } from '../event-factories'
import { registerForEvent } from '../../app/features/events/event-registrations.server'
import { ticketTypesOf } from '../../app/features/events/events.server'
import { recordPrivacyRequest } from '../../app/features/privacy/requests.server'
import { addDays, parisDay } from '../../app/features/privacy/requests-schema'
import { launchBrowser, openPage, seriousViolations } from '../support/browser'
import { insertSealedElection, tallyAndPublish } from '../support/sealed-election'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
let browser: Browser

beforeAll(async () => {
  // No map tiles: this machine has no network (tests/e2e/directory.test.ts covers failing tiles).
  app = await startTestServer({ MAP_TILE_URL: '' })
  browser = await launchBrowser()
  // An event with a map, ticketing and someone registered, for the event pages below.
  const organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
  eventId = createTestEvent(app.ctx, organizer.id, {
    maxGuests: 2,
    ticketing: true,
    ticketTypes: [
      { name: 'Membre', priceCents: 0, quota: null, eligibility: 'members' },
      { name: 'Invité', priceCents: 1500, quota: 10, eligibility: 'guests' },
    ],
  })
  const attendee = await createAccount(app.ctx, { membership: 'alumni' })
  memberId = attendee.id
  registerForEvent(app.ctx, { eventId, userId: attendee.id, guests: 0, ticketTypeId: ticketTypesOf(app.ctx.db, eventId)[0].id })
  // Two requests received by post for /admin/rgpd: an erasure for the attendee's account, an access request already late.
  const request = {
    by: organizer.id,
    requesterName: `${attendee.firstName} ${attendee.lastName}`,
    accountEmail: null,
    channel: 'post',
    details: 'Lettre reçue au siège.',
  } as const
  const erasure = recordPrivacyRequest(app.ctx, { ...request, kind: 'erasure', requesterEmail: attendee.email, receivedOn: parisDay(app.ctx.now()) })
  recordPrivacyRequest(app.ctx, { ...request, kind: 'access', requesterEmail: null, receivedOn: addDays(parisDay(app.ctx.now()), -40) })
  if (erasure.ok) requestId = erasure.id
  // A published election with no ballot (a blank box decrypts to zeros), for its results and board.
  const voters = [organizer.id, attendee.id, (await createAccount(app.ctx, { membership: 'alumni' })).id]
  const sealed = insertSealedElection(app.ctx, { roll: voters, trustees: voters, candidates: 2, openedMsAgo: 3 * 86_400_000, closesInMs: -86_400_000 })
  tallyAndPublish(app.ctx, sealed)
  electionId = sealed.id
})
let electionId = ''
let eventId = 0
let requestId = 0
let memberId = ''
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function loggedInPage(kind: 'registered' | 'member' | 'webmaster', viewport: { width: number; height: number }) {
  const account = await createAccount(app.ctx, {
    membership: kind === 'registered' ? null : 'alumni',
    role: kind === 'webmaster' ? 'webmaster' : 'user',
  })
  const { page, errors } = await openPage(browser, { viewport })
  await page.goto(`${app.url}/connexion`)
  await page.getByLabel('Adresse e-mail').fill(account.email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('heading', { name: `Bonjour ${account.firstName} !` }).waitFor()
  return { page, errors }
}

const pages = {
  visitor: [
    '/',
    '/connexion',
    '/inscription',
    '/mot-de-passe-oublie',
    '/evenements',
    '/evenements?quand=passes',
    '/evenements/:event',
    '/cotiser',
    '/reinitialiser-mot-de-passe?token=perime',
    '/page-inconnue',
    '/cgu',
    '/contact',
    '/confidentialite',
  ],
  registered: [
    '/',
    '/mon-compte',
    '/annuaire',
    '/cotiser',
    '/carriere',
    '/carriere/deposer',
    '/evenements/:event',
    '/mon-compte/billets',
    '/mon-compte/donnees',
    '/mon-compte/donnees/consentements',
    '/elections',
    '/signaler?cible=event&id=:event',
  ],
  member: [
    '/',
    '/annuaire',
    '/annuaire?vue=carte',
    '/groupes',
    '/discussions',
    '/notifications',
    '/mon-compte',
    '/mon-compte/profil',
    '/carriere',
    '/carriere/offres?porte=etudiant',
    '/carriere/offres?porte=alumni&ville=Atlantide',
    '/carriere/deposer',
    '/carriere/mes-offres',
    '/carriere/mes-candidatures',
    '/carriere/alertes',
    '/evenements',
    '/evenements/:event',
    '/mon-compte/billets',
    '/mon-compte/donnees',
    '/mon-compte/donnees/consentements',
    '/recommander',
    '/elections',
    '/elections/:election',
    '/elections/:election/resultats',
    '/elections/:election/urne',
    '/signaler?cible=event&id=:event&retour=/evenements',
  ],
  webmaster: [
    '/admin',
    '/admin/membres',
    '/admin/membres?categorie=x&promo_min=1800',
    '/admin/membres/:member',
    '/admin/comptes',
    '/admin/emails',
    '/admin/cotisations',
    '/admin/groupes',
    '/admin/offres',
    '/admin/cgu',
    '/admin/contact',
    '/admin/moderation',
    '/admin/moderation?status=handled',
    '/admin/moderation/recours',
    '/admin/moderation/journal',
    '/admin/rgpd/acces',
    '/admin/diplomes',
    '/admin/rgpd',
    '/admin/rgpd?vue=cloturees',
    '/admin/rgpd/:request',
    '/admin/recommandations',
    '/admin/diplomes/rapprochements',
    '/admin/diplomes/invitations?promotions=2012',
    '/admin/lettres',
    '/admin/lettres/nouvelle',
    '/admin/elections',
    '/admin/elections/nouvelle',
    '/admin/elections/:election/scellement',
    '/admin/moderation/event/:event',
    '/evenements/nouveau',
    '/evenements/:event/gestion',
    '/evenements/:event/accueil',
    '/evenements/:event/modifier',
  ],
}

async function audit(page: Page, paths: string[]) {
  const report: Record<string, unknown> = {}
  for (const path of paths.map((p) =>
    p.replace(':event', String(eventId)).replace(':request', String(requestId)).replace(':member', memberId).replace(':election', electionId),
  )) {
    await page.goto(`${app.url}${path}`)
    // A map is built after hydration and can change the layout: audit the page once it is drawn.
    const maps = page.locator('[data-testid=member-map]')
    if ((await maps.count()) > 0) {
      await maps.first().scrollIntoViewIfNeeded() // a map is built when it nears the screen
      await page.locator('[data-testid=member-map][data-ready]').first().waitFor()
    }
    const violations = await seriousViolations(page)
    if (violations.length) report[path] = violations
    // Nothing wider than the screen: a 360 px phone never scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    if (overflow > 0) report[`${path} (overflow)`] = `${overflow}px wider than the viewport`
  }
  return report
}

describe('accessibility (axe) and small screens', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    for (const kind of ['visitor', 'registered', 'member', 'webmaster'] as const) {
      // Up to twenty pages each, axe on every one: a minute or two on a busy machine.
      it(`${kind} pages: no serious or critical axe violation, nothing wider than ${viewport.width} px`, { timeout: 150_000 }, async () => {
        const { page, errors } = kind === 'visitor' ? await openPage(browser, { viewport }) : await loggedInPage(kind, viewport)
        expect(await audit(page, pages[kind])).toEqual({})
        expect(errors.filter((e) => !/status of (403|404)/.test(e))).toEqual([])
      })
    }
  }

  it('the audit itself catches a broken page', async () => {
    const { page } = await openPage(browser)
    await page.setContent('<html><body><main><input type="text"><img src="x.png"></main></body></html>')
    const ids = (await seriousViolations(page)).map((v) => v.id)
    expect(ids).toEqual(expect.arrayContaining(['label', 'image-alt', 'html-has-lang']))
  })

  it('opens the menu with the keyboard on a phone', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } })
    await page.goto(`${app.url}/`)
    const menu = page.locator('details.drawer summary')
    await menu.focus()
    await page.keyboard.press('Enter')
    await page.locator('details.drawer').getByRole('link', { name: 'Événements' }).click()
    await page.waitForURL(`${app.url}/evenements`)
  })
})
