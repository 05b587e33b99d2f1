import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { accountChanges, accountTokens, loginEvents, outbox, profiles, users } from '../../db/schema'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { startTestServer, type TestServer } from '../support/server'
import type { HttpClient } from '../support/http'
import { csvRows } from '../support/csv'

// Issue #17: /admin/membres lists every account with filters, sort and pages of 50, and
// /admin/membres.csv the same rows for a spreadsheet; a member's page shows their history and
// lets a webmaster correct their identity, each changed field audited in account_changes.

let app: TestServer
let webmaster: HttpClient
let webmasterId = ''
let member: HttpClient
const DAY = 86400_000

type Account = Awaited<ReturnType<typeof createAccount>>
const people: Record<string, Account> = {}

async function person(key: string, options: Parameters<typeof createAccount>[1], lastName: string, firstName: string) {
  const account = await createAccount(app.ctx, options)
  app.ctx.db.update(users).set({ lastName, firstName }).where(eq(users.id, account.id)).run()
  people[key] = { ...account, lastName, firstName }
  return people[key]!
}

/** The account ids a list page shows, in order. */
async function listed(query: string): Promise<string[]> {
  const response = await webmaster.get(`/admin/membres${query}`)
  expect(response.status, query).toBe(200)
  const html = await response.text()
  return [...html.matchAll(/href="\/admin\/membres\/([0-9a-f-]{36})"/g)].map((m) => m[1]!)
}

const ids = (...keys: string[]) => keys.map((k) => people[k]!.id)

beforeAll(async () => {
  app = await startTestServer()
  const ctx = app.ctx
  const admin = await person('admin', { role: 'webmaster', membership: 'alumni', promotion: 2001 }, 'Arnaud', 'Hélène')
  webmasterId = admin.id
  webmaster = await sessionClient(ctx, app.url, admin.id)
  await person('alice', { membership: 'alumni', promotion: 2010 }, 'Bernard', 'Alice')
  await person('bruno', { membership: 'alumni', promotion: 2015 }, 'Chevalier', 'Bruno')
  await person('chloe', { membership: 'student', promotion: 2028 }, 'Dupont', 'Chloé')
  await person('denis', {}, 'Étienne', 'Denis')
  await person('emma', { membership: 'alumni', promotion: 2012, status: 'deactivated' }, 'Fabre', 'Emma')
  // An erased member's pseudonym: never listed, whatever the filters.
  const erased = await person('erased', { membership: 'alumni', promotion: 2010 }, 'Ancien membre', 'Ancien membre')
  ctx.db.update(users).set({ status: 'erased' }).where(eq(users.id, erased.id)).run()
  // Someone whose name a spreadsheet would run as a formula.
  await person('formula', { membership: 'alumni', promotion: 2020 }, '=HYPERLINK("http://evil.example","Cliquez")', 'Mallory')
  member = await sessionClient(ctx, app.url, people.alice!.id)

  // Log-ins: Alice yesterday and 40 days ago, Bruno 10 days ago, the others never.
  const now = ctx.now().getTime()
  ctx.db
    .insert(loginEvents)
    .values([
      { userId: people.alice!.id, at: new Date(now - DAY), ip: '203.0.113.7', userAgent: 'Firefox' },
      { userId: people.alice!.id, at: new Date(now - 40 * DAY), ip: '203.0.113.7', userAgent: 'Firefox' },
      { userId: people.bruno!.id, at: new Date(now - 10 * DAY), ip: '198.51.100.2', userAgent: 'Safari' },
    ])
    .run()
  // Sign-up dates spread out, for the sort by sign-up.
  for (const [i, key] of ['alice', 'bruno', 'chloe', 'denis', 'emma', 'formula', 'admin'].entries())
    ctx.db
      .update(users)
      .set({ createdAt: new Date(now - (100 - i) * DAY) })
      .where(eq(users.id, people[key]!.id))
      .run()
})
afterAll(async () => {
  await app?.close()
})

describe('the member list', () => {
  it('lists every account but erased ones, by name, with their category, promotion, dues and status', async () => {
    expect(await listed('')).toEqual(ids('formula', 'admin', 'alice', 'bruno', 'chloe', 'denis', 'emma'))
    const html = await (await webmaster.get('/admin/membres')).text()
    expect(html).toContain('7 comptes')
    expect(html).not.toContain('ANCIEN MEMBRE')
    const alice = html.slice(html.indexOf(people.alice!.email) - 600, html.indexOf(people.alice!.email) + 900)
    expect(alice).toContain('Diplômé')
    expect(alice).toContain('2010')
    expect(alice).toContain('À jour')
    expect(alice).toContain('Actif')
    const denis = html.slice(html.indexOf(people.denis!.email), html.indexOf(people.denis!.email) + 900)
    expect(denis).toContain('Non cotisant')
    expect(denis).toContain('Jamais')
  })

  it('filters by category, dues, promotion range, status, role, last log-in and search', async () => {
    const cases: [string, string[]][] = [
      ['?categorie=alumni', ids('formula', 'admin', 'alice', 'bruno', 'emma')],
      ['?categorie=student', ids('chloe')],
      ['?categorie=none', ids('denis')],
      ['?cotisation=active', ids('formula', 'admin', 'alice', 'bruno', 'chloe', 'emma')],
      ['?cotisation=none', ids('denis')],
      ['?promo_min=2010&promo_max=2015', ids('alice', 'bruno', 'emma')],
      ['?promo_min=2016', ids('formula', 'chloe')],
      ['?promo_max=2009', ids('admin')],
      ['?statut=deactivated', ids('emma')],
      ['?statut=active&categorie=alumni&promo_min=2012', ids('formula', 'bruno')],
      ['?role=webmaster', ids('admin')],
      ['?role=user&cotisation=none', ids('denis')],
      [`?connecte_depuis=${new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10)}`, ids('alice', 'bruno')],
      [`?connecte_depuis=${new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10)}`, ids('alice')],
      ['?q=bern', ids('alice')],
      ['?q=alice+bernard', ids('alice')],
      ['?q=chloé', ids('chloe')],
      [`?q=${encodeURIComponent(people.bruno!.email.slice(0, 8))}`, ids('bruno')],
      ['?q=100%25', []],
      ['?q=Ancien+membre', []],
    ]
    for (const [query, expected] of cases) expect(await listed(query), query).toEqual(expected)
    const empty = await (await webmaster.get('/admin/membres?q=zzzz')).text()
    expect(empty).toContain('Aucun compte ne correspond à ces filtres.')
    expect(empty).toContain('Effacer les filtres')
  })

  it('sorts by name, promotion, sign-up and last log-in, either way', async () => {
    // « Étienne » between Dupont and Fabre: accents are folded for sorting; « = » sorts first.
    expect(await listed('?ordre=desc')).toEqual(ids('emma', 'denis', 'chloe', 'bruno', 'alice', 'admin', 'formula'))
    // Unknown promotions (Denis) last, whichever the direction.
    expect(await listed('?tri=promotion')).toEqual(ids('admin', 'alice', 'emma', 'bruno', 'formula', 'chloe', 'denis'))
    expect(await listed('?tri=promotion&ordre=desc')).toEqual(ids('chloe', 'formula', 'bruno', 'emma', 'alice', 'admin', 'denis'))
    expect(await listed('?tri=inscription')).toEqual(ids('alice', 'bruno', 'chloe', 'denis', 'emma', 'formula', 'admin'))
    expect(await listed('?tri=inscription&ordre=desc')).toEqual(ids('admin', 'formula', 'emma', 'denis', 'chloe', 'bruno', 'alice'))
    // Never logged in: last, by name from A to Z whichever the direction.
    expect(await listed('?tri=connexion&ordre=desc')).toEqual(ids('alice', 'bruno', 'formula', 'admin', 'chloe', 'denis', 'emma'))
    expect(await listed('?tri=connexion')).toEqual(ids('bruno', 'alice', 'formula', 'admin', 'chloe', 'denis', 'emma'))
  })

  it('answers a parameter the form does not offer with 400 and its message next to the filter', async () => {
    const cases: [string, string, string][] = [
      ['?categorie=admin', 'categorie', 'Choisissez une catégorie de la liste.'],
      ['?cotisation=peut-etre', 'cotisation', 'Choisissez un état de cotisation de la liste.'],
      ['?promo_min=1800', 'promo_min', 'Indiquez une année de promotion entre 1950 et '],
      ['?promo_max=deux-mille', 'promo_max', 'Indiquez une année de promotion entre 1950 et '],
      ['?promo_min=2015&promo_max=2010', 'promo_max', 'La dernière promotion ne peut pas précéder la première.'],
      ['?statut=erased', 'statut', 'Choisissez un état de compte de la liste.'],
      ['?role=root', 'role', 'Choisissez un rôle de la liste.'],
      ['?connecte_depuis=2026-02-30', 'connecte_depuis', 'Indiquez une date valide, par exemple 2026-09-01.'],
      ['?connecte_depuis=hier', 'connecte_depuis', 'Indiquez une date valide, par exemple 2026-09-01.'],
      ['?tri=email', 'tri', 'Choisissez un tri de la liste.'],
      ['?ordre=random', 'ordre', 'Choisissez « Croissant » ou « Décroissant ».'],
      ['?page=0', 'page', 'Ce numéro de page n’existe pas.'],
      ['?page=-3', 'page', 'Ce numéro de page n’existe pas.'],
      [`?q=${'a'.repeat(101)}`, 'q', 'Une recherche tient en 100 caractères au plus.'],
    ]
    for (const [query, field, message] of cases) {
      const response = await webmaster.get(`/admin/membres${query}`)
      expect(response.status, query).toBe(400)
      const html = await response.text()
      // Next to its field (aria-describedby ties them), and in the summary at the top.
      if (field !== 'page') {
        expect(html, query).toMatch(new RegExp(`id="field-${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="field-${field}-error"`))
        expect(html, query).toContain(`<p class="field__error" id="field-${field}-error">`)
      }
      expect(html.replace(/[\u00a0\u202f]/g, ' '), query).toContain(message)
    }
    // The other filters still apply: the list is Alice's, with the bad sort ignored.
    expect(await listedWithStatus('?q=bernard&tri=nope', 400)).toEqual(ids('alice'))
  })

  it('pages by 50 and keeps the filters in the links', async () => {
    for (let i = 0; i < 52; i++) await createAccount(app.ctx, { membership: 'alumni', promotion: 1990 })
    const first = await webmaster.get('/admin/membres?promo_max=1990')
    const html = await first.text()
    expect(html).toContain('52 comptes')
    expect(html).toContain('Page 1 sur 2')
    expect(html).toContain('href="/admin/membres?promo_max=1990&amp;page=2"')
    const pageOne = await listed('?promo_max=1990')
    const pageTwo = await listed('?promo_max=1990&page=2')
    expect(pageOne).toHaveLength(50)
    expect(pageTwo).toHaveLength(2)
    expect(new Set([...pageOne, ...pageTwo]).size).toBe(52)
    expect(await listed('?promo_max=1990&page=3')).toEqual([])
  })

  async function listedWithStatus(query: string, status: number) {
    const response = await webmaster.get(`/admin/membres${query}`)
    expect(response.status).toBe(status)
    return [...(await response.text()).matchAll(/href="\/admin\/membres\/([0-9a-f-]{36})"/g)].map((m) => m[1]!)
  }
})

describe('the member CSV', () => {
  it('has the page’s rows with the same filters and order, UTF-8 with BOM and semicolons, formulas neutralised', async () => {
    const query = '?promo_min=2000&promo_max=2030&tri=promotion&ordre=desc'
    const response = await webmaster.get(`/admin/membres.csv${query}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="membres.csv"')
    const [header, ...rows] = await csvRows(response)
    expect(header).toEqual([
      'Nom',
      'Prénom',
      'Nom de naissance',
      'E-mail',
      'Catégorie',
      'Promotion',
      'Diplôme',
      'Cotisation',
      'Adhérent depuis',
      'État',
      'Rôle',
      'Inscrit le',
      'Dernière connexion',
    ])
    const byId = new Map(Object.values(people).map((p) => [p.email, p.id]))
    expect(rows.map((r) => byId.get(r[3]!))).toEqual(await listed(query))
    const mallory = rows.find((r) => r[1] === 'Mallory')!
    expect(mallory[0]).toBe(`'=HYPERLINK("http://evil.example","Cliquez")`)
    const alice = rows.find((r) => r[1] === 'Alice')!
    expect(alice.slice(4, 6)).toEqual(['Diplômé', '2010'])
    expect(alice[7]).toBe('À jour')
    expect(alice[9]).toBe('Actif')
    expect(alice[10]).toBe('Membre')
    expect(alice[12]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(rows.find((r) => r[1] === 'Emma')![9]).toBe('Désactivé')
    // Nothing in the file starts a cell with a formula character.
    const raw = new TextDecoder().decode(new Uint8Array(await (await webmaster.get(`/admin/membres.csv${query}`)).arrayBuffer()))
    expect(raw).not.toMatch(/(^|[;\n])"?[=+@]/m)
  })

  it('exports every page, and refuses bad filters with 400 and the message', async () => {
    const [, ...all] = await csvRows(await webmaster.get('/admin/membres.csv'))
    expect(all.length).toBe(7 + 52)
    expect(all.some((r) => r[0] === 'Ancien membre')).toBe(false)
    const bad = await webmaster.get('/admin/membres.csv?categorie=x&promo_min=1')
    expect(bad.status).toBe(400)
    const text = await bad.text()
    expect(text).toContain('Filtres invalides')
    expect(text).toContain('Choisissez une catégorie de la liste.')
  })
})

describe('a member’s page', () => {
  it('shows their identity and history, 404 for an unknown or erased account', async () => {
    const page = await webmaster.get(`/admin/membres/${people.alice!.id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('BERNARD Alice')
    expect(html).toContain('Dernières connexions')
    expect(html).toContain('203.0.113.7')
    expect(html).toContain('Paiements')
    expect(html).toContain('Inscriptions aux événements')
    expect(html).toContain('Signalements faits')
    expect(html).toContain('Journal de l’adhésion')
    expect(html).toContain('Corrections d’identité')
    // Reached from the list, and the status action of /admin/comptes is here too.
    expect(html).toContain('Désactiver ce compte…')
    expect((await webmaster.get(`/admin/membres/${people.erased!.id}`)).status).toBe(404)
    expect((await webmaster.get(`/admin/membres/${crypto.randomUUID()}`)).status).toBe(404)
  })

  it('corrects identity fields, one audit row per changed field, and the search index follows', async () => {
    const bruno = people.bruno!
    const before = app.ctx.db.select().from(users).where(eq(users.id, bruno.id)).get()!
    const response = await webmaster.post(`/admin/membres/${bruno.id}`, {
      intent: 'identity',
      lastName: 'Zéphyrin',
      firstName: before.firstName,
      birthName: 'Chevalier',
      email: before.email,
      promotion: '2016',
      diploma: '',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`/admin/membres/${bruno.id}`)
    const changes = app.ctx.db
      .select({ field: accountChanges.field, before: accountChanges.before, after: accountChanges.after, actorId: accountChanges.actorId })
      .from(accountChanges)
      .where(eq(accountChanges.userId, bruno.id))
      .orderBy(asc(accountChanges.id))
      .all()
    expect(changes).toEqual([
      { field: 'lastName', before: 'Chevalier', after: 'Zéphyrin', actorId: webmasterId },
      { field: 'birthName', before: null, after: 'Chevalier', actorId: webmasterId },
      { field: 'promotion', before: '2015', after: '2016', actorId: webmasterId },
    ])
    expect(app.ctx.db.select({ promotion: profiles.promotion }).from(profiles).where(eq(profiles.userId, bruno.id)).get()).toEqual({ promotion: 2016 })
    const page = await (await webmaster.get(`/admin/membres/${bruno.id}`)).text()
    expect(page).toContain('« Chevalier » devient « Zéphyrin »')
    // The directory finds the member under the corrected name.
    const reader = await sessionClient(app.ctx, app.url, people.alice!.id)
    const found = async () => ((await (await reader.get('/api/annuaire?q=zephyrin')).json()) as { total: number }).total
    await expect.poll(found, { timeout: 3000 }).toBe(1)

    // Saving again without a change writes nothing.
    const again = await webmaster.post(`/admin/membres/${bruno.id}`, {
      intent: 'identity',
      lastName: 'Zéphyrin',
      firstName: before.firstName,
      birthName: 'Chevalier',
      email: before.email,
      promotion: '2016',
      diploma: '',
    })
    expect(again.status).toBe(302)
    expect(app.ctx.db.select().from(accountChanges).where(eq(accountChanges.userId, bruno.id)).all()).toHaveLength(3)
  })

  it('changes the e-mail, tells the old address through the queue, and refuses a taken one', async () => {
    const chloe = people.chloe!
    const form = (email: string) => ({
      intent: 'identity',
      lastName: chloe.lastName,
      firstName: chloe.firstName,
      birthName: '',
      email,
      promotion: '2028',
      diploma: '',
    })
    app.ctx.db
      .insert(accountTokens)
      .values({
        tokenHash: crypto.randomUUID(),
        userId: chloe.id,
        purpose: 'email_change',
        newEmail: 'autre@exemple.fr',
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + DAY),
      })
      .run()

    const taken = await webmaster.post(`/admin/membres/${chloe.id}`, form(people.denis!.email.toUpperCase()))
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain('Cette adresse est déjà celle d’un autre compte.')
    expect(app.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, chloe.id)).get()!.email).toBe(chloe.email)

    const changed = await webmaster.post(`/admin/membres/${chloe.id}`, form('Chloe.Dupont@Exemple.fr'))
    expect(changed.status).toBe(302)
    expect(app.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, chloe.id)).get()!.email).toBe('chloe.dupont@exemple.fr')
    expect(
      app.ctx.db
        .select()
        .from(accountChanges)
        .where(and(eq(accountChanges.userId, chloe.id), eq(accountChanges.field, 'email')))
        .get(),
    ).toMatchObject({
      before: chloe.email,
      after: 'chloe.dupont@exemple.fr',
    })
    const mail = app.ctx.db.select().from(outbox).where(eq(outbox.kind, 'account.emailCorrected')).get()!
    expect(mail.to).toBe(chloe.email)
    expect(mail.text).toContain('chloe.dupont@exemple.fr')
    // A change of address she had asked for and not confirmed would undo the correction: it is gone.
    expect(app.ctx.db.select().from(accountTokens).where(eq(accountTokens.userId, chloe.id)).all()).toEqual([])
    people.chloe = { ...chloe, email: 'chloe.dupont@exemple.fr' }
  })

  it('refuses invalid fields with messages next to them, and a webmaster’s own address', async () => {
    const denis = people.denis!
    const response = await webmaster.post(`/admin/membres/${denis.id}`, {
      intent: 'identity',
      lastName: '',
      firstName: 'x'.repeat(101),
      birthName: '',
      email: 'pas-une-adresse',
      promotion: '1800',
      diploma: 'Doctorat de sorcellerie',
    })
    expect(response.status).toBe(400)
    const html = (await response.text()).replace(/[\u00a0\u202f]/g, ' ')
    for (const field of ['lastName', 'firstName', 'email', 'promotion', 'diploma']) expect(html).toContain(`id="field-${field}-error"`)
    expect(html).toContain('Indiquez une année de promotion entre 1950 et')
    expect(html).toContain('Choisissez un diplôme de la liste.')
    expect(app.ctx.db.select().from(accountChanges).where(eq(accountChanges.userId, denis.id)).all()).toEqual([])

    const admin = people.admin!
    const own = await webmaster.post(`/admin/membres/${admin.id}`, {
      intent: 'identity',
      lastName: admin.lastName,
      firstName: admin.firstName,
      birthName: '',
      email: 'ailleurs@exemple.fr',
      promotion: '2001',
      diploma: '',
    })
    expect(own.status).toBe(409)
    expect(await own.text()).toContain('Changez votre propre adresse depuis « Mon compte »')
  })

  it('deactivates with a statement of reasons, as /admin/comptes does', async () => {
    const formula = people.formula!
    const missing = await webmaster.post(`/admin/membres/${formula.id}`, { intent: 'deactivate', userId: formula.id, facts: '' })
    expect(missing.status).toBe(400)
    const done = await webmaster.post(`/admin/membres/${formula.id}`, {
      intent: 'deactivate',
      userId: formula.id,
      redirectTo: `/admin/membres/${formula.id}`,
      facts: 'Nom d’affichage piégé pour les tableurs, signalé par trois membres.',
      clause: '',
    })
    expect(done.status).toBe(302)
    expect(app.ctx.db.select({ status: users.status }).from(users).where(eq(users.id, formula.id)).get()).toEqual({ status: 'deactivated' })
    // /admin/comptes keeps working for the tests and links that post to it.
    expect((await webmaster.get('/admin/comptes')).status).toBe(200)
  })
})

describe('rights', () => {
  it('refuses every back-office member page to a member who is not a webmaster, and sends visitors to log in', async () => {
    const target = people.denis!.id
    const paths = ['/admin/membres', '/admin/membres?categorie=x', '/admin/membres.csv', `/admin/membres/${target}`]
    for (const path of paths) expect((await member.get(path)).status, path).toBe(403)
    const post = await member.post(`/admin/membres/${target}`, {
      intent: 'identity',
      lastName: 'Pirate',
      firstName: 'X',
      birthName: '',
      email: 'p@exemple.fr',
      promotion: '',
      diploma: '',
    })
    expect(post.status).toBe(403)
    expect(app.ctx.db.select({ lastName: users.lastName }).from(users).where(eq(users.id, target)).get()).toEqual({ lastName: 'Étienne' })
    for (const path of paths) {
      const visitor = await fetch(new URL(path, app.url), { redirect: 'manual' })
      expect(visitor.status, path).toBe(302)
    }
  })
})
