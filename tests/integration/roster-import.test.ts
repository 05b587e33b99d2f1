import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { graduateDiplomas, graduates, profiles, rosterImports, users } from '../../db/schema'
import { applyRoster } from '../../app/features/roster/roster-import.server'
import { matchKey } from '../../app/features/roster/names'
import type { PreviewRow } from '../../app/features/roster/schema'
import { eraseAccount } from '../../app/features/privacy/erasure.server'
import { personRows } from '../../app/features/privacy/person-data.server'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import type { HttpClient } from '../support/http'
import { dataUrl, decodeData } from '../support/single-fetch'
import { startTestServer, type TestServer } from '../support/server'

// The graduates' list import (issue #17): a preview that changes nothing, row by row, then the
// apply; files as French offices export them; the same file twice changes nothing.

let app: TestServer
let webmaster: HttpClient
let webmasterId: string
beforeAll(async () => {
  app = await startTestServer()
  const account = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
  webmasterId = account.id
  webmaster = await sessionClient(app.ctx, app.url, account.id)
})
afterAll(async () => {
  await app?.close()
})
// Each test starts from an empty list.
beforeEach(() => {
  app.ctx.db.delete(graduates).run()
  app.ctx.db.delete(rosterImports).run()
})

/** Text as Excel's « CSV (séparateur point-virgule) » writes it on a French Windows: Windows-1252. */
function windows1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '’': 0x92, œ: 0x9c, Œ: 0x8c, '—': 0x97 }
  return Uint8Array.from([...text].map((c) => extra[c] ?? c.charCodeAt(0)))
}
const utf8 = (text: string, bom = false) => new Uint8Array(Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8'))
const csv = (bytes: Uint8Array, name = 'diplomes.csv') => ({ file: { name, type: 'text/csv', bytes } })

const FRENCH_FILE = windows1252(
  [
    'Nom;Prénom;Promotion;Diplôme(s);E-mail;Matricule',
    'Lefèvre-Dupont;Hélène;2012;Diplôme d’ingénieur — Informatique | Mastère spécialisé Cybersécurité;Helene.Lefevre@Exemple.fr;ESIL-2012-0001',
    'D’Almeida;Chloé;2015;Master Science des données;;ESIL-2015-0007',
    'Œuvray;Loïc;2003;Diplôme d’ingénieur — Génie civil;loic.oeuvray@exemple.fr;',
    ';Sans-Nom;2010;;;',
    'Martin;Paul;20x2;;paul@exemple;',
    'Durand;Élise;1850;;;',
  ].join('\r\n') + '\r\n',
)

async function preview(client: HttpClient, bytes: Uint8Array, name?: string) {
  const response = await client.postMultipart('/admin/diplomes', { intent: 'preview' }, csv(bytes, name))
  expect(response.status, await response.clone().text()).toBe(302)
  const location = response.headers.get('location')!
  expect(location).toMatch(/^\/admin\/diplomes\?apercu=/)
  return { location, token: new URL(location, app.url).searchParams.get('apercu')! }
}

type PreviewData = {
  state: 'ready' | 'expired'
  counts: Record<string, number>
  rows: PreviewRow[]
  total: number
  filterCounts: Record<string, number>
  facts: { encoding: string; separator: string; bom: boolean; ignoredColumns: string[] }
}
async function previewData(client: HttpClient, location: string): Promise<PreviewData> {
  const decoded = (await decodeData(await client.get(dataUrl(location)))) as Record<string, { data: { preview: PreviewData } }>
  return decoded['routes/admin.diplomes']!.data.preview
}

async function apply(client: HttpClient, token: string) {
  return client.post('/admin/diplomes', { intent: 'apply', apercu: token })
}

const roster = () => app.ctx.db.select().from(graduates).orderBy(graduates.id).all()
const diplomasOf = (id: number) =>
  app.ctx.db
    .select()
    .from(graduateDiplomas)
    .where(eq(graduateDiplomas.graduateId, id))
    .all()
    .map((d) => d.diploma)
const uploadsDir = () => path.join(app.ctx.config.DATA_DIR, 'private', 'roster-uploads')

describe('import preview and apply', () => {
  it('previews a Windows-1252 file with « ; » row by row without writing anything, then applies it', async () => {
    const { location, token } = await preview(webmaster, FRENCH_FILE, 'Liste 2026.csv')
    const data = await previewData(webmaster, location)
    expect(data.state).toBe('ready')
    expect(data.facts).toMatchObject({ encoding: 'windows-1252', separator: ';', bom: false })
    expect(data.counts).toEqual({ new: 3, update: 0, unchanged: 0, error: 3, duplicate: 0 })
    const byLine = new Map(data.rows.map((r) => [r.line, r]))
    expect(byLine.get(2)).toMatchObject({ fate: 'new', lastName: 'Lefèvre-Dupont', firstName: 'Hélène', email: 'helene.lefevre@exemple.fr' })
    expect(byLine.get(2)!.diplomas).toEqual(['Diplôme d’ingénieur — Informatique', 'Mastère spécialisé Cybersécurité'])
    expect(byLine.get(3)).toMatchObject({ fate: 'new', lastName: 'D’Almeida', firstName: 'Chloé' })
    expect(byLine.get(4)).toMatchObject({ fate: 'new', lastName: 'Œuvray', firstName: 'Loïc' })
    expect(byLine.get(5)!.errors).toEqual([{ reason: 'lastName' }])
    expect(byLine.get(6)!.errors).toEqual([
      { reason: 'promotion', value: '20x2' },
      { reason: 'email', value: 'paul@exemple' },
    ])
    expect(byLine.get(7)!.errors).toEqual([{ reason: 'promotion', value: '1850' }])
    // The reasons in French, on the page itself.
    const page = await (await webmaster.get(`${location}&lignes=error`)).text()
    expect(page).toContain('Nom manquant.')
    expect(page).toContain('Promotion «\u00a020x2\u00a0» invalide')
    expect(page).toContain('Adresse e-mail «\u00a0paul@exemple\u00a0» invalide.')
    // Before anything changes: nothing in the database, the file kept aside for the apply.
    expect(roster()).toEqual([])
    expect(app.ctx.db.select().from(rosterImports).all()).toEqual([])
    expect(fs.readdirSync(uploadsDir()).filter((f) => f.endsWith('.csv'))).not.toHaveLength(0)

    const applied = await apply(webmaster, token)
    expect(applied.status).toBe(302)
    expect(applied.headers.get('location')).toBe('/admin/diplomes')
    const rows = roster()
    expect(rows.map((r) => [r.lastName, r.firstName, r.promotion, r.email, r.schoolId])).toEqual([
      ['Lefèvre-Dupont', 'Hélène', 2012, 'helene.lefevre@exemple.fr', 'ESIL-2012-0001'],
      ['D’Almeida', 'Chloé', 2015, null, 'ESIL-2015-0007'],
      ['Œuvray', 'Loïc', 2003, 'loic.oeuvray@exemple.fr', null],
    ])
    expect(rows[0]!.matchKey).toBe(matchKey('Lefevre Dupont', 'helene', 2012))
    expect(diplomasOf(rows[0]!.id)).toEqual(['Diplôme d’ingénieur — Informatique', 'Mastère spécialisé Cybersécurité'])
    const [record] = app.ctx.db.select().from(rosterImports).all()
    expect(record).toMatchObject({ filename: 'Liste 2026.csv', rows: 6, importedBy: webmasterId })
    expect(JSON.parse(record!.counts)).toEqual({ new: 3, update: 0, unchanged: 0, error: 3 })
    expect(record!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(rows.every((r) => r.importId === record!.id)).toBe(true)
    // The page says what was done; the stored file is gone, and the same preview cannot be applied twice.
    expect(await (await webmaster.get('/admin/diplomes')).text()).toContain('Import appliqué')
    expect(fs.readdirSync(uploadsDir())).toEqual([])
    expect((await apply(webmaster, token)).status).toBe(409)
    expect((await previewData(webmaster, location)).state).toBe('expired')
    expect(roster()).toHaveLength(3)
  })

  it('applies a preview once when its button is pressed twice at the same moment', async () => {
    const { token } = await preview(webmaster, FRENCH_FILE)
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => apply(webmaster, token)))).map((r) => r.status).sort()
    expect(statuses).toEqual([302, 409, 409, 409])
    expect(roster()).toHaveLength(3)
    expect(app.ctx.db.select().from(rosterImports).all()).toHaveLength(1)
  })

  it('finds every row unchanged when the same file comes again, and writes no graduate row', async () => {
    const first = await preview(webmaster, FRENCH_FILE)
    expect((await apply(webmaster, first.token)).status).toBe(302)
    const before = roster()
    const diplomasBefore = app.ctx.db.select().from(graduateDiplomas).all()
    // A later clock: a row written again would carry it.
    app.ctx.now = () => new Date(Date.now() + 3_600_000)
    try {
      const again = await preview(webmaster, FRENCH_FILE)
      expect((await previewData(webmaster, again.location)).counts).toEqual({ new: 0, update: 0, unchanged: 3, error: 3, duplicate: 0 })
      expect(await (await webmaster.get(again.location)).text()).toContain('Tout sauf inchangées')
      expect((await apply(webmaster, again.token)).status).toBe(302)
    } finally {
      app.ctx.now = () => new Date()
    }
    expect(roster()).toEqual(before)
    expect(app.ctx.db.select().from(graduateDiplomas).all()).toEqual(diplomasBefore)
    // The history shows the second import, which changed nothing.
    const imports = app.ctx.db.select().from(rosterImports).orderBy(rosterImports.id).all()
    expect(imports.map((i) => JSON.parse(i.counts))).toEqual([
      { new: 3, update: 0, unchanged: 0, error: 3 },
      { new: 0, update: 0, unchanged: 3, error: 3 },
    ])
  })

  it('reads UTF-8 with a BOM, « , », an English header and quoted fields holding separators, applied at once', async () => {
    const file = utf8(
      [
        'Last name,First name,Class,Degrees,Email,Student ID,Phone',
        '"Martin, Jr",Paul,2001,"Master Science des données; Mastère spécialisé Management de projets",,S-1,0600000000',
        '"O""Brien",Seán,2020,"Diplôme d’ingénieur — Génie électrique",sean@exemple.fr,S-2,',
        '"Multi',
        'ligne",Anne,1999,,,S-3,',
      ].join('\n'),
      true,
    )
    const { location } = await preview(webmaster, file)
    const data = await previewData(webmaster, location)
    expect(data.facts).toMatchObject({ encoding: 'utf-8', bom: true, separator: ',', ignoredColumns: ['Phone'] })
    expect(data.counts).toMatchObject({ new: 3, error: 0 })
    const response = await webmaster.postMultipart('/admin/diplomes', { intent: 'apply' }, csv(file))
    expect(response.status).toBe(302)
    const rows = roster()
    expect(rows.map((r) => [r.lastName, r.firstName, r.schoolId])).toEqual([
      ['Martin, Jr', 'Paul', 'S-1'],
      ['O"Brien', 'Seán', 'S-2'],
      ['Multi\nligne', 'Anne', 'S-3'],
    ])
    expect(diplomasOf(rows[0]!.id)).toEqual(['Master Science des données', 'Mastère spécialisé Management de projets'])
  })

  it('flags possible duplicates: two rows of the file, a row of the list, an existing account by name or address', async () => {
    const account = await createAccount(app.ctx, { membership: 'alumni', promotion: 2011 })
    app.ctx.db.update(users).set({ lastName: 'Fontaine', firstName: 'Léa' }).where(eq(users.id, account.id)).run()
    const other = await createAccount(app.ctx, { membership: 'alumni', promotion: 1999 })
    applyRoster(app.ctx, { bytes: utf8('Nom;Prénom;Promo\nRoux;Marc;2005\n'), filename: 'avant.csv', by: webmasterId })
    const file = utf8(
      [
        'Nom;Prénom;Promo;E-mail',
        'Garnier;Inès;2018;',
        'GARNIER;Ines;2018;ines.garnier@exemple.fr',
        'fontaine;LÉA;2011;',
        `Inconnu;Personne;2000;${other.email.toUpperCase()}`,
        'Roux;Marc;2005;marc.roux@exemple.fr',
        'Roux;Marc;2005;marc.roux.bis@exemple.fr',
      ].join('\n'),
    )
    const { location } = await preview(webmaster, file)
    const data = await previewData(webmaster, location)
    const byLine = new Map(data.rows.map((r) => [r.line, r]))
    expect(byLine.get(2)).toMatchObject({ fate: 'new', hints: [{ kind: 'fileRow', line: 3, by: 'name' }] })
    expect(byLine.get(3)).toMatchObject({ fate: 'new', hints: [{ kind: 'fileRow', line: 2, by: 'name' }] })
    expect(byLine.get(4)).toMatchObject({ fate: 'new', hints: [{ kind: 'account', name: 'Léa Fontaine', by: 'name' }] })
    expect(byLine.get(5)).toMatchObject({ fate: 'new', hints: [{ kind: 'account', by: 'email', name: `${other.firstName} ${other.lastName}` }] })
    // The list's Marc Roux (no school id, no address) is the first row; the second is new, beside it.
    const marc = roster().find((r) => r.lastName === 'Roux')!
    expect(byLine.get(6)).toMatchObject({ fate: 'update', changes: [{ field: 'email', from: null, to: 'marc.roux@exemple.fr' }] })
    expect(byLine.get(7)!.fate).toBe('new')
    expect(byLine.get(7)!.hints).toEqual(
      expect.arrayContaining([
        { kind: 'fileRow', line: 6, by: 'name' },
        { kind: 'rosterRow', graduateId: marc.id, name: 'Marc Roux' },
      ]),
    )
    expect(data.counts.duplicate).toBe(6)
    expect(data.filterCounts.duplicate).toBe(6)
    const page = await (await webmaster.get(`${location}&lignes=duplicate`)).text()
    expect(page).toContain('Compte existant possible\u00a0: Léa Fontaine (même nom et même promotion).')
    expect(page).toContain('Même nom et même promotion que la ligne 3.')
    // Informative only: applied, each row is a graduate of its own.
    expect(roster()).toHaveLength(1)
    const { token } = await preview(webmaster, file)
    expect((await apply(webmaster, token)).status).toBe(302)
    expect(roster()).toHaveLength(6)
    expect(roster().every((r) => r.userId === null)).toBe(true)
  })

  it('updates a changed address, and the names the school corrected, by school id or by name and promotion', async () => {
    applyRoster(app.ctx, {
      bytes: utf8(
        'Nom;Prénom;Promotion;E-mail;Identifiant;Diplôme\nBlanc;Julie;2010;julie@ancien.fr;X-1;Ingénieur\nNoir;Hugo;2011;hugo@ancien.fr;;Ingénieur\n',
      ),
      filename: 'v1.csv',
      by: webmasterId,
    })
    const [julie, hugo] = roster()
    const { location, token } = await preview(
      webmaster,
      utf8(
        'Nom;Prénom;Promotion;E-mail;Identifiant;Diplôme\nBlanc-Martin;Julie;2010;julie@nouveau.fr;X-1;Mastère\nNoir;Hugo;2011;hugo@nouveau.fr;;Ingénieur\n',
      ),
    )
    const data = await previewData(webmaster, location)
    expect(data.counts).toMatchObject({ update: 2, new: 0, unchanged: 0 })
    expect(data.rows[0]!.changes).toEqual([
      { field: 'lastName', from: 'Blanc', to: 'Blanc-Martin' },
      { field: 'email', from: 'julie@ancien.fr', to: 'julie@nouveau.fr' },
      { field: 'diplomas', from: 'Ingénieur', to: 'Ingénieur | Mastère' },
    ])
    expect(data.rows[1]!.changes).toEqual([{ field: 'email', from: 'hugo@ancien.fr', to: 'hugo@nouveau.fr' }])
    const page = await (await webmaster.get(`${location}&lignes=update`)).text()
    expect(page).toContain('E-mail\u00a0: hugo@ancien.fr → hugo@nouveau.fr')
    app.ctx.now = () => new Date(Date.now() + 60_000)
    try {
      expect((await apply(webmaster, token)).status).toBe(302)
    } finally {
      app.ctx.now = () => new Date()
    }
    const after = roster()
    expect(after.map((r) => [r.id, r.lastName, r.email])).toEqual([
      [julie!.id, 'Blanc-Martin', 'julie@nouveau.fr'],
      [hugo!.id, 'Noir', 'hugo@nouveau.fr'],
    ])
    expect(after[0]!.matchKey).toBe(matchKey('Blanc-Martin', 'Julie', 2010))
    expect(after[0]!.updatedAt.getTime()).toBeGreaterThan(julie!.updatedAt.getTime())
    expect(after[0]!.importId).not.toBe(julie!.importId)
    expect(diplomasOf(julie!.id).sort()).toEqual(['Ingénieur', 'Mastère'])
  })

  it('keeps the better spelling of one name: capitals without accents never overwrite « Lefèvre », and give way to it', async () => {
    applyRoster(app.ctx, {
      bytes: utf8('Nom;Prénom;Promo;Identifiant\nLefèvre-Dupont;Hélène;2012;A-1\nGARNIER;INES;2018;A-2\n'),
      filename: 'a.csv',
      by: webmasterId,
    })
    const { location, token } = await preview(webmaster, utf8('Nom;Prénom;Promo;Identifiant\nLEFEVRE DUPONT;HELENE;2012;A-1\nGarnier;Inès;2018;A-2\n'))
    const data = await previewData(webmaster, location)
    // The page lists what changes: the unchanged Hélène is counted, not shown.
    expect(data.counts).toMatchObject({ unchanged: 1, update: 1 })
    expect(data.rows).toHaveLength(1)
    expect(data.rows[0]).toMatchObject({
      fate: 'update',
      changes: [
        { field: 'lastName', from: 'GARNIER', to: 'Garnier' },
        { field: 'firstName', from: 'INES', to: 'Inès' },
      ],
    })
    expect((await apply(webmaster, token)).status).toBe(302)
    expect(roster().map((r) => `${r.firstName} ${r.lastName}`)).toEqual(['Hélène Lefèvre-Dupont', 'Inès Garnier'])
    const again = await preview(webmaster, utf8('Nom;Prénom;Promo;Identifiant\nLEFEVRE DUPONT;HELENE;2012;A-1\nGarnier;Inès;2018;A-2\n'))
    expect((await previewData(webmaster, again.location)).counts).toMatchObject({ unchanged: 2, update: 0 })
  })

  it('refuses a school id given twice and keeps a claimed row linked through an update', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni', promotion: 2004 })
    applyRoster(app.ctx, { bytes: utf8(`Nom;Prénom;Promo;Identifiant\n${member.lastName};${member.firstName};2004;A-1\n`), filename: 'a.csv', by: webmasterId })
    app.ctx.db.update(graduates).set({ userId: member.id, claimedAt: new Date() }).run()
    const { location } = await preview(
      webmaster,
      utf8(`Nom;Prénom;Promo;Identifiant;E-mail\n${member.lastName};${member.firstName};2004;A-1;x@exemple.fr\nAutre;Nom;2004;A-1;\n`),
    )
    const data = await previewData(webmaster, location)
    // The claimed row's own account is no « possible duplicate » of it.
    expect(data.rows[0]).toMatchObject({ fate: 'update', hints: [] })
    expect(data.rows[1]).toMatchObject({ fate: 'error', errors: [{ reason: 'schoolIdTwice', value: '2' }] })
  })
})

describe('refusals', () => {
  it('refuses a 20 MB file, a PDF, a workbook, a missing file and a file without the columns, each with a 4xx and a French message', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 10).fill(0x41)
    const tooLarge = await webmaster.postMultipart('/admin/diplomes', { intent: 'preview' }, csv(big))
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.text()).toContain('Ce fichier dépasse 10\u00a0Mo')
    const pdf = await webmaster.postMultipart(
      '/admin/diplomes',
      { intent: 'preview' },
      { file: { name: 'liste.csv', type: 'text/csv', bytes: utf8('%PDF-1.4\n1 0 obj') } },
    )
    expect(pdf.status).toBe(415)
    expect(await pdf.text()).toContain('Ce fichier est un PDF')
    const xlsx = await webmaster.postMultipart('/admin/diplomes', { intent: 'apply' }, csv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])))
    expect(xlsx.status).toBe(415)
    expect(await xlsx.text()).toContain('enregistrez-le au format')
    const binary = await webmaster.postMultipart('/admin/diplomes', { intent: 'preview' }, csv(new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256))))
    expect(binary.status).toBe(415)
    const missing = await webmaster.postMultipart('/admin/diplomes', { intent: 'preview' })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('Choisissez un fichier CSV.')
    const columns = await webmaster.postMultipart('/admin/diplomes', { intent: 'preview' }, csv(utf8('Name;Year\nA;2000\n')))
    expect(columns.status).toBe(400)
    expect(await columns.text()).toContain('Introuvables\u00a0: nom, prénom. Colonnes lues\u00a0: Name, Year.')
    expect(roster()).toEqual([])
    expect(app.ctx.db.select().from(rosterImports).all()).toEqual([])
  })

  it('answers 403 to members, sends visitors to log in, and refuses another webmaster’s preview token', async () => {
    const member = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { membership: 'alumni' })).id)
    expect((await member.get('/admin/diplomes')).status).toBe(403)
    expect((await member.postMultipart('/admin/diplomes', { intent: 'preview' }, csv(FRENCH_FILE))).status).toBe(403)
    expect((await member.postMultipart('/admin/diplomes', { intent: 'apply' }, csv(FRENCH_FILE))).status).toBe(403)
    const { location, token } = await preview(webmaster, FRENCH_FILE)
    expect((await member.post('/admin/diplomes', { intent: 'apply', apercu: token })).status).toBe(403)
    expect((await member.get(`/admin/diplomes/apercu.csv?apercu=${encodeURIComponent(token)}`)).status).toBe(403)
    const visitor = await fetch(new URL('/admin/diplomes', app.url), { redirect: 'manual' })
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toMatch(/^\/connexion/)

    const other = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { role: 'webmaster' })).id)
    expect((await previewData(other, location)).state).toBe('expired')
    expect((await other.post('/admin/diplomes', { intent: 'apply', apercu: token })).status).toBe(409)
    expect((await webmaster.post('/admin/diplomes', { intent: 'apply', apercu: `${token.slice(0, -2)}xx` })).status).toBe(409)
    expect(roster()).toEqual([])
  })
})

describe('the page', () => {
  it('lists the roster with search, promotion and account filters, accents forgiven', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni', promotion: 2012 })
    applyRoster(app.ctx, { bytes: FRENCH_FILE, filename: 'l.csv', by: webmasterId })
    const helene = roster().find((r) => r.firstName === 'Hélène')!
    app.ctx.db.update(graduates).set({ userId: member.id, claimedAt: new Date() }).where(eq(graduates.id, helene.id)).run()
    const text = async (query: string) => (await (await webmaster.get(`/admin/diplomes${query}`)).text()).replace(/<!-- -->/g, '')
    const all = await text('')
    expect(all).toContain('3 diplômés')
    expect(all).toContain('Chloé')
    const search = await text('?q=lefevre')
    expect(search).toContain('Hélène')
    expect(search).not.toContain('Chloé')
    expect(search).toContain(`${member.firstName} ${member.lastName}`)
    const promotion = await text('?promotion=2015')
    expect(promotion).toContain('Chloé')
    expect(promotion).not.toContain('Loïc')
    const unclaimed = await text('?compte=unclaimed')
    expect(unclaimed).not.toContain('LEFÈVRE-DUPONT')
    expect(unclaimed).toContain('Loïc')
    expect(await text('?q=personne')).toContain('Aucun diplômé ne correspond')
    // Nonsense in the address is no filter, never a 500.
    expect((await webmaster.get('/admin/diplomes?promotion=abc&compte=x&page=-3')).status).toBe(200)
  })

  it('downloads the whole preview as CSV, formula cells neutralised', async () => {
    const { token } = await preview(webmaster, utf8('Nom;Prénom;Promo\n=HYPERLINK("http://evil.example");Eve;2001\nBon;Jean;1800\n'))
    const response = await webmaster.get(`/admin/diplomes/apercu.csv?apercu=${encodeURIComponent(token)}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const body = await response.text()
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(body).toContain('Erreur\u00a0: ligne ignorée')
    expect(body).toContain('Promotion «\u00a01800\u00a0» invalide')
    expect((await webmaster.get('/admin/diplomes/apercu.csv?apercu=forged')).status).toBe(404)
  })

  it('shows a large preview a page at a time, never the whole file', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `Nom${i};Prénom${i};${1950 + (i % 70)}`)
    const { location } = await preview(webmaster, utf8(`Nom;Prénom;Promo\n${lines.join('\n')}\n`))
    const data = await previewData(webmaster, location)
    expect(data.counts.new).toBe(1200)
    expect(data.rows).toHaveLength(50)
    const page = await (await webmaster.get(`${location}&page=3`)).text()
    expect(page).toContain('Nom100')
    expect(page).not.toContain('Nom1199<')
    expect(page.match(/<tr>/g)!.length).toBeLessThanOrEqual(51)
  })
})

describe('the list of accounts it reads', () => {
  it('matches an account by its birth name too', async () => {
    const account = await createAccount(app.ctx, { membership: 'alumni', promotion: 1998 })
    app.ctx.db.update(users).set({ lastName: 'Morel', firstName: 'Anne', birthName: 'Girard' }).where(eq(users.id, account.id)).run()
    app.ctx.db.update(profiles).set({ promotion: 1998 }).where(eq(profiles.userId, account.id)).run()
    const { location } = await preview(webmaster, utf8('Nom;Prénom;Promo\nGirard;Anne;1998\n'))
    expect((await previewData(webmaster, location)).rows[0]!.hints).toEqual([{ kind: 'account', name: 'Anne Morel', by: 'name' }])
  })
})

describe('the person’s rights', () => {
  it('exports the rows about a person, and deletes them when the account that claimed one is erased', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni', promotion: 2007 })
    applyRoster(app.ctx, {
      bytes: utf8(
        `Nom;Prénom;Promo;E-mail;Diplôme\n${member.lastName};${member.firstName};2007;;Ingénieur | Mastère\nAutre;Nom;2007;${member.email};Ingénieur\nTiers;Personne;2007;;Ingénieur\n`,
      ),
      filename: 'droits.csv',
      by: webmasterId,
    })
    const [claimed, byAddress, third] = roster()
    app.ctx.db.update(graduates).set({ userId: member.id, claimedAt: new Date() }).where(eq(graduates.id, claimed!.id)).run()
    const found = personRows(app.ctx.database.sqlite, { id: member.id, email: member.email }).filter((r) => r.area === 'roster')
    expect(found.map((r) => [r.table, r.link, r.rows.length])).toEqual(
      expect.arrayContaining([
        ['graduates', 'user_id', 1],
        ['graduates', 'email', 1],
        ['graduate_diplomas', 'through:graduates', 2],
      ]),
    )
    await eraseAccount(app.ctx, { userId: member.id, by: null, baseUrl: app.url })
    expect(roster().map((r) => r.id)).toEqual([third!.id])
    expect(diplomasOf(claimed!.id)).toEqual([])
    expect(diplomasOf(byAddress!.id)).toEqual([])
    // The import's record stays, its webmaster still named.
    expect(app.ctx.db.select().from(rosterImports).all()).toHaveLength(1)
  })
})
