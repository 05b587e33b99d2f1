import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { eventRegistrations, events, graduates, memberships, payments } from '../../db/schema'
import { registerForEvent } from '../../app/features/events/event-registrations.server'
import { parisMonth } from '../../app/features/admin/dashboard.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { startTestServer, type TestServer } from '../support/server'
import type { HttpClient } from '../support/http'
import { csvRows } from '../support/csv'

// Issue #17: /admin is a dashboard, each figure also a CSV at /admin/tableau/<figure>.csv. The
// figures are checked against rows seeded here: accounts by category and promotion, the roster's
// activation, dues by month, events with their check-ins, and what waits for a webmaster.

let app: TestServer
let webmaster: HttpClient
let member: HttpClient

const DAY = 86400_000

async function csv(path: string) {
  const response = await webmaster.get(path)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tableau-de-bord-[a-z-]+\.csv"$/)
  return csvRows(response)
}

/** The CSV's rows as objects keyed by its header, for one key column. */
function byFirstColumn(rows: string[][]) {
  const [header, ...body] = rows
  return new Map(body.map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]))
}

beforeAll(async () => {
  app = await startTestServer()
  const ctx = app.ctx
  // Accounts: 3 graduates of 2010 and 1 of 2015 (the webmaster), 2 students of 2029, 2 registered
  // without dues (no promotion known), one deactivated graduate of 2010 (not counted as a member).
  const admin = await createAccount(ctx, { role: 'webmaster', membership: 'alumni', promotion: 2015 })
  const alumni = [
    await createAccount(ctx, { membership: 'alumni', promotion: 2010 }),
    await createAccount(ctx, { membership: 'alumni', promotion: 2010 }),
    await createAccount(ctx, { membership: 'alumni', promotion: 2010 }),
  ]
  await createAccount(ctx, { membership: 'student', promotion: 2029 })
  await createAccount(ctx, { membership: 'student', promotion: 2029 })
  const registered = [await createAccount(ctx), await createAccount(ctx)]
  await createAccount(ctx, { membership: 'alumni', promotion: 2010, status: 'deactivated' })
  webmaster = await sessionClient(ctx, app.url, admin.id)
  member = await sessionClient(ctx, app.url, alumni[0]!.id)

  // The roster: 2010 has four rows (one claimed by a paying member, one by a registered account),
  // 2011 two rows nobody claimed.
  const now = ctx.now()
  const graduate = (promotion: number, userId: string | null) =>
    ctx.db
      .insert(graduates)
      .values({
        lastName: crypto.randomUUID(),
        firstName: 'X',
        promotion,
        matchKey: crypto.randomUUID(),
        userId,
        claimedAt: userId ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .run()
  graduate(2010, alumni[1]!.id)
  graduate(2010, registered[0]!.id)
  graduate(2010, null)
  graduate(2010, null)
  graduate(2011, null)
  graduate(2011, null)

  // Payments: two this month (100 € and 20 €), one three months ago, one pending, one 13 months ago.
  const payment = (userId: string, cents: number, status: 'paid' | 'pending', at: Date) =>
    ctx.db
      .insert(payments)
      .values({
        id: crypto.randomUUID(),
        userId,
        category: cents === 2000 ? 'student' : 'alumni',
        amountCents: cents,
        provider: 'offline',
        method: 'cheque',
        status,
        createdAt: at,
        paidAt: status === 'paid' ? at : null,
      })
      .run()
  payment(alumni[0]!.id, 10000, 'paid', now)
  payment(alumni[1]!.id, 2000, 'paid', now)
  const threeMonthsAgo = new Date(now.getTime() - 92 * DAY)
  payment(alumni[2]!.id, 10000, 'paid', threeMonthsAgo)
  payment(registered[0]!.id, 10000, 'pending', now)
  payment(registered[1]!.id, 10000, 'paid', new Date(now.getTime() - 400 * DAY))
  // One membership began three months ago (the others today, as the factory makes them).
  ctx.db.update(memberships).set({ activatedAt: threeMonthsAgo }).where(eq(memberships.userId, alumni[2]!.id)).run()

  // Events: one past (two registered, one checked in, its title a formula), one to come.
  const pastEventId = createTestEvent(ctx, admin.id, { title: '=HYPERLINK("http://evil.example","Soirée")', capacity: 30 })
  for (const a of alumni.slice(0, 2)) registerForEvent(ctx, { eventId: pastEventId, userId: a.id, guests: 0 })
  ctx.db.update(eventRegistrations).set({ checkedInAt: now }).where(eq(eventRegistrations.userId, alumni[0]!.id)).run()
  const past = new Date(now.getTime() - 30 * DAY)
  ctx.db
    .update(events)
    .set({ startsAt: past, endsAt: new Date(past.getTime() + 3600_000) })
    .where(eq(events.id, pastEventId))
    .run()
  const upcoming = createTestEvent(ctx, admin.id, { title: 'Afterwork à Lyon', capacity: 20 })
  registerForEvent(ctx, { eventId: upcoming, userId: alumni[2]!.id, guests: 0 })
})
afterAll(async () => {
  await app?.close()
})

describe('the dashboard', () => {
  it('is /admin for webmasters, and refused to anyone else', async () => {
    const page = await webmaster.get('/admin')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Membres par catégorie et promotion')
    expect(html).toContain('Activation du fichier des diplômés')
    expect(html).toContain('Cotisations reçues par mois')
    expect(html).toContain('Événements et participation')
    // Each chart is an image with its title; its numbers sit in a table beside it.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"/)
    expect(html).toContain('<summary>Voir les chiffres</summary>')
    for (const figure of ['membres', 'activation', 'cotisations', 'evenements', 'a-traiter']) expect(html).toContain(`href="/admin/tableau/${figure}.csv"`)

    expect((await member.get('/admin')).status).toBe(403)
    expect((await member.get('/admin/tableau/membres.csv')).status).toBe(403)
    const visitor = await fetch(new URL('/admin/tableau/membres.csv', app.url), { redirect: 'manual' })
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toMatch(/^\/connexion\?redirectTo=/)
  })

  it('counts accounts in use by category and promotion', async () => {
    const rows = byFirstColumn(await csv('/admin/tableau/membres.csv'))
    expect(rows.get('2010')).toEqual({ Promotion: '2010', 'Diplômés cotisants': '3', 'Étudiants cotisants': '0', 'Inscrits non cotisants': '0' })
    expect(rows.get('2015')).toMatchObject({ 'Diplômés cotisants': '1' })
    expect(rows.get('2029')).toMatchObject({ 'Diplômés cotisants': '0', 'Étudiants cotisants': '2' })
    expect(rows.get('Non renseignée')).toMatchObject({ 'Inscrits non cotisants': '2' })
    expect([...rows.keys()]).toEqual(['2010', '2015', '2029', 'Non renseignée'])
    // The page's key figures say the same, and count the deactivated account apart.
    const html = await (await webmaster.get('/admin')).text()
    expect(html).toMatch(/Diplômés cotisants<\/dt><dd><span class="key-figures__value">4</)
    expect(html).toMatch(/Comptes désactivés<\/dt><dd><span class="key-figures__value">1</)
  })

  it('follows the roster from rows to accounts to dues, per promotion', async () => {
    const rows = byFirstColumn(await csv('/admin/tableau/activation.csv'))
    expect(rows.get('2010')).toEqual({ Promotion: '2010', 'Diplômés au fichier': '4', 'Avec un compte': '2', Cotisants: '1', 'Taux de cotisants (%)': '25,0' })
    expect(rows.get('2011')).toEqual({ Promotion: '2011', 'Diplômés au fichier': '2', 'Avec un compte': '0', Cotisants: '0', 'Taux de cotisants (%)': '0,0' })
    expect(rows.size).toBe(2)
    const html = await (await webmaster.get('/admin')).text()
    expect(html).toContain('6 diplômés au fichier : 2 ont un compte, 1 a cotisé (17 %).')
  })

  it('adds up the dues paid month by month over twelve months, in euros', async () => {
    const [header, ...months] = await csv('/admin/tableau/cotisations.csv')
    expect(header).toEqual(['Mois', 'Paiements', 'Montant (€)', 'Nouvelles adhésions'])
    const now = app.ctx.now()
    expect(months).toHaveLength(12)
    expect(months.at(-1)).toEqual([parisMonth(now), '2', '120,00', '6'])
    const earlier = months.find((m) => m[0] === parisMonth(new Date(now.getTime() - 92 * DAY)))
    expect(earlier).toEqual([parisMonth(new Date(now.getTime() - 92 * DAY)), '1', '100,00', '1'])
    // The pending payment and the one of 13 months ago are not in it.
    const total = months.reduce((sum, m) => sum + Number(m[2]!.replace(',', '.')), 0)
    expect(total).toBe(220)
    expect(months.map((m) => m[0])).toEqual([...months.map((m) => m[0])].sort())
  })

  it('lists events to come and past ones with their attendance, formula titles neutralised', async () => {
    const [header, ...rows] = await csv('/admin/tableau/evenements.csv')
    expect(header).toEqual(['Événement', 'Début', 'Période', 'Statut', 'Capacité', 'Places inscrites', 'Liste d’attente', 'Présents', 'Taux de présence (%)'])
    expect(rows).toHaveLength(2)
    const [past, upcoming] = rows
    // A spreadsheet shows the title as text: the leading apostrophe keeps it from running.
    expect(past![0]).toBe(`'=HYPERLINK("http://evil.example","Soirée")`)
    expect(past!.slice(2)).toEqual(['Passé', 'Publié', '30', '2', '0', '1', '50,0'])
    expect(upcoming!.slice(0, 1)).toEqual(['Afterwork à Lyon'])
    expect(upcoming!.slice(2)).toEqual(['À venir', 'Publié', '20', '1', '0', '', ''])
    const raw = await (await webmaster.get('/admin/tableau/evenements.csv')).text()
    expect(raw).not.toMatch(/[;\n]"?=HYPERLINK/)
  })

  it('says what waits for a webmaster, with links to where it is handled', async () => {
    const rows = byFirstColumn(await csv('/admin/tableau/a-traiter.csv'))
    expect(rows.get('Offres d’emploi à valider')).toEqual({ 'À traiter': 'Offres d’emploi à valider', Nombre: '0', Lien: `${app.url}/admin/offres` })
    expect(rows.get('Cibles signalées à examiner')).toMatchObject({ Nombre: '0', Lien: `${app.url}/admin/moderation` })
    expect(rows.get('Fiches d’inscription d’étudiants à vérifier')).toMatchObject({ Lien: `${app.url}/admin/cotisations` })
  })

  it('answers 404 for a figure that does not exist', async () => {
    for (const path of ['/admin/tableau/inconnue.csv', '/admin/tableau/membres', '/admin/tableau/..%2Fmembres.csv']) {
      const response = await webmaster.get(path)
      expect(response.status, path).toBe(404)
    }
  })

  it('opens onto the dashboard tab, with « Membres » leading to the member list', async () => {
    const html = await (await webmaster.get('/admin')).text()
    expect(html).toMatch(
      /<a[^>]*aria-current="page"[^>]*href="\/admin"[^>]*>Tableau de bord<\/a>|<a[^>]*href="\/admin"[^>]*aria-current="page"[^>]*>Tableau de bord<\/a>/,
    )
    expect(html).toMatch(/href="\/admin\/membres"[^>]*>Membres<\/a>/)
  })
})
