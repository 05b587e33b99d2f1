import { describe, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import { activationSends, addressOptOuts, graduateDiplomas, graduates, outbox, profileDiplomas, profiles, rosterClaims, users } from '../../db/schema'
import type { AppContext } from '../../app/context.server'
import { matchKey } from '../../app/features/roster/names'
import { claimRosterRow } from '../../app/features/roster/claims.server'
import { activationToken } from '../../app/features/roster/activation.server'
import { runActivationSend } from '../../app/features/roster/activation-sends.server'
import type { ActivationProgress } from '../../app/features/roster/realtime'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { firstLink } from '../support/smtp'
import { eventWhere, memberSocket } from '../support/sockets'
import type { HttpClient } from '../support/http'

// « Activer mon compte » (issue #17): an account claims its row of the graduates' list by name and
// promotion — linked when exactly one free row matches, the webmasters' queue otherwise — whichever
// way the dues are paid; the invitations to activate, their link, and several diplomas per profile.
const suite = mailSuite('10.71')
// As the DIPLOMAS setting spells them (a straight apostrophe).
const INFO = "Diplôme d'ingénieur — Informatique"
const CIVIL = "Diplôme d'ingénieur — Génie civil"
const DATA = 'Master Science des données'

let schoolIds = 0
function insertGraduate(
  ctx: AppContext,
  row: { lastName: string; firstName: string; promotion: number; birthName?: string; email?: string; diplomas?: string[]; invitedAt?: Date; userId?: string },
) {
  const now = new Date(Date.now() - 60_000)
  const { id } = ctx.db
    .insert(graduates)
    .values({
      lastName: row.lastName,
      firstName: row.firstName,
      birthName: row.birthName ?? null,
      promotion: row.promotion,
      email: row.email ?? null,
      schoolId: `T${++schoolIds}`,
      matchKey: matchKey(row.lastName, row.firstName, row.promotion),
      birthMatchKey: row.birthName ? matchKey(row.birthName, row.firstName, row.promotion) : null,
      userId: row.userId ?? null,
      claimedAt: row.userId ? now : null,
      activationInvitedAt: row.invitedAt ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: graduates.id })
    .get()
  for (const diploma of row.diplomas ?? []) ctx.db.insert(graduateDiplomas).values({ graduateId: id, diploma }).run()
  return id
}

/** An account with this legal name (and birth name), its promotion on its profile, logged in. */
async function person(
  name: { lastName: string; firstName: string; birthName?: string; promotion?: number },
  options: Parameters<typeof createAccount>[1] = {},
) {
  const { ctx } = suite.app
  const account = await createAccount(ctx, options)
  ctx.db
    .update(users)
    .set({ lastName: name.lastName, firstName: name.firstName, birthName: name.birthName ?? null })
    .where(eq(users.id, account.id))
    .run()
  if (name.promotion)
    ctx.db
      .insert(profiles)
      .values({ userId: account.id, promotion: name.promotion })
      .onConflictDoUpdate({ target: profiles.userId, set: { promotion: name.promotion } })
      .run()
  const browser = suite.client()
  await browser.login(account.email, TEST_PASSWORD)
  return { ...account, ...name, browser }
}

let webmasterBrowser: HttpClient | undefined
async function webmaster() {
  if (webmasterBrowser) return webmasterBrowser
  const admin = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni', email: 'webmaster.claims@exemple.fr' })
  webmasterBrowser = suite.client()
  await webmasterBrowser.login(admin.email, TEST_PASSWORD)
  return webmasterBrowser
}

const rowOf = (id: number) => suite.app.ctx.db.select().from(graduates).where(eq(graduates.id, id)).get()!
const claimsOf = (userId: string) => suite.app.ctx.db.select().from(rosterClaims).where(eq(rosterClaims.userId, userId)).all()
const diplomasOf = (userId: string) =>
  suite.app.ctx.db
    .select({ diploma: profileDiplomas.diploma, source: profileDiplomas.source })
    .from(profileDiplomas)
    .where(eq(profileDiplomas.userId, userId))
    .all()
    .sort((a, b) => a.diploma.localeCompare(b.diploma))

/** Cotiser as a logged-in account, then the demo checkout's « Payer » (no Stripe key here). */
async function payDuesInDemo(browser: HttpClient, form: Record<string, string>) {
  const started = await browser.postMultipart('/cotiser', { promotion: '2012', diploma: INFO, category: 'alumni', ...form })
  expect(started.status).toBe(302)
  const checkout = new URL(started.headers.get('location')!)
  expect(checkout.pathname).toMatch(/^\/cotiser\/demo\//)
  const paid = await browser.post(checkout.pathname, {})
  expect(paid.status).toBe(302)
}

describe('claiming a row of the graduates’ list', () => {
  it('links the one matching row when dues are paid through the demo checkout, accents, hyphens and case forgiven, with its diplomas', async () => {
    const { ctx } = suite.app
    const id = insertGraduate(ctx, { lastName: 'Lefèvre-Dupont', firstName: 'Hélène', promotion: 2012, diplomas: [CIVIL, DATA] })
    const other = insertGraduate(ctx, { lastName: 'Lefèvre-Dupont', firstName: 'Hélène', promotion: 2013 })
    const helene = await person({ lastName: 'x', firstName: 'y' })
    await payDuesInDemo(helene.browser, { lastName: 'LEFEVRE DUPONT', firstName: 'helene', promotion: '2012' })

    expect(rowOf(id)).toMatchObject({ userId: helene.id })
    expect(rowOf(id).claimedAt).toBeInstanceOf(Date)
    expect(rowOf(other).userId).toBeNull()
    expect(diplomasOf(helene.id)).toEqual([
      { diploma: CIVIL, source: 'roster' },
      { diploma: DATA, source: 'roster' },
    ])
    // The diploma chosen at Cotiser stays the first one; the list's show on the profile, read-only.
    expect(ctx.db.select().from(profiles).where(eq(profiles.userId, helene.id)).get()).toMatchObject({ promotion: 2012, diploma: INFO })
    expect(claimsOf(helene.id)).toEqual([])
    const page = await (await helene.browser.get('/mon-compte/profil')).text()
    expect(page).toContain('D’après le fichier des diplômés')
    expect(page).toContain('Génie civil')
    // Paying members see every diploma on the profile page.
    const profile = await (await helene.browser.get(`/membres/${helene.id}`)).text()
    expect(profile).toContain('Master Science des données')

    // Idempotent: a second claim changes nothing.
    expect(claimRosterRow(ctx, helene.id)).toEqual({ result: 'alreadyLinked' })
    expect(diplomasOf(helene.id)).toHaveLength(2)
  })

  it('links through the birth name, either side, and when a webmaster records an offline payment', async () => {
    const { ctx } = suite.app
    // The list knows her by her birth name; her account carries her married name and the birth name.
    const byAccountBirthName = insertGraduate(ctx, { lastName: 'Durand', firstName: 'Claire', promotion: 2005, diplomas: [INFO] })
    const claire = await person({ lastName: 'Bernard', firstName: 'Claire', birthName: 'Durand', promotion: 2005 })
    const admin = await webmaster()
    const offline = await admin.post('/admin/cotisations', {
      intent: 'offline',
      email: claire.email,
      category: 'alumni',
      method: 'cheque',
      reference: 'CHQ 1234',
    })
    expect(offline.status).toBe(302)
    expect(rowOf(byAccountBirthName).userId).toBe(claire.id)
    expect(diplomasOf(claire.id)).toEqual([{ diploma: INFO, source: 'roster' }])
    // The profile had no diploma yet: the list's first fills it.
    expect(ctx.db.select().from(profiles).where(eq(profiles.userId, claire.id)).get()?.diploma).toBe(INFO)

    // The list gives both names; the account only the birth name as its last name.
    const byRowBirthName = insertGraduate(ctx, { lastName: 'Morel', birthName: "N'Diaye", firstName: 'Awa', promotion: 2008 })
    const awa = await person({ lastName: 'NDIAYE', firstName: 'Awa', promotion: 2008 })
    expect(claimRosterRow(ctx, awa.id)).toEqual({ result: 'none' })
    ctx.db.update(users).set({ lastName: 'n’diaye' }).where(eq(users.id, awa.id)).run()
    expect(claimRosterRow(ctx, awa.id)).toEqual({ result: 'linked', graduateId: byRowBirthName })
  })

  it('puts several matching rows in the review queue, side by side, once', async () => {
    const { ctx } = suite.app
    const first = insertGraduate(ctx, { lastName: 'Petit', firstName: 'Jean', promotion: 2010, email: 'jean.petit.1@exemple.fr', diplomas: [INFO] })
    const second = insertGraduate(ctx, { lastName: 'Petit', firstName: 'Jean', promotion: 2010, email: 'jean.petit.2@exemple.fr', diplomas: [CIVIL] })
    const jean = await person({ lastName: 'Petit', firstName: 'Jean' })
    await payDuesInDemo(jean.browser, { lastName: 'Petit', firstName: 'Jean', promotion: '2010' })
    expect(rowOf(first).userId).toBeNull()
    expect(rowOf(second).userId).toBeNull()
    const [claim] = claimsOf(jean.id)
    expect(claim).toMatchObject({ status: 'open', candidateIds: JSON.stringify([first, second]) })
    // Asked again (a student proof approved later, a retry): still one open claim.
    expect(claimRosterRow(ctx, jean.id)).toEqual({ result: 'queued', claimId: claim.id, candidateIds: [first, second] })
    expect(claimsOf(jean.id)).toHaveLength(1)

    const queue = await (await webmaster()).get('/admin/diplomes/rapprochements')
    expect(queue.status).toBe(200)
    const html = await queue.text()
    expect(html).toContain('Rapprochements à vérifier')
    expect(html).toContain(jean.email)
    expect(html).toContain('jean.petit.1@exemple.fr')
    expect(html).toContain('jean.petit.2@exemple.fr')
    expect(html).toContain('Génie civil')
  })

  it('queues a match whose one row another account already holds, and the webmaster can move it', async () => {
    const { ctx } = suite.app
    const first = await person({ lastName: 'Roux', firstName: 'Paul', promotion: 1999 })
    const id = insertGraduate(ctx, { lastName: 'Roux', firstName: 'Paul', promotion: 1999, diplomas: [CIVIL] })
    expect(claimRosterRow(ctx, first.id)).toEqual({ result: 'linked', graduateId: id })
    const second = await person({ lastName: 'Roux', firstName: 'Paul', promotion: 1999 })
    const outcome = claimRosterRow(ctx, second.id)
    expect(outcome).toMatchObject({ result: 'queued', candidateIds: [id] })
    const html = await (await (await webmaster()).get('/admin/diplomes/rapprochements')).text()
    expect(html).toContain(`Déjà rattachée au compte de Paul Roux (${first.email})`)

    const claimId = claimsOf(second.id)[0].id
    const moved = await (await webmaster()).post('/admin/diplomes/rapprochements', { intent: 'link', claimId: String(claimId), graduateId: String(id) })
    expect(moved.status).toBe(302)
    expect(rowOf(id).userId).toBe(second.id)
    expect(diplomasOf(first.id)).toEqual([])
    expect(diplomasOf(second.id)).toEqual([{ diploma: CIVIL, source: 'roster' }])
  })

  it('lets a webmaster link an account to one candidate (recorded, mailed) or dismiss a claim for good', async () => {
    const { ctx } = suite.app
    const a = insertGraduate(ctx, { lastName: 'Garcia', firstName: 'Inès', promotion: 2016, diplomas: [DATA] })
    const b = insertGraduate(ctx, { lastName: 'García', firstName: 'Ines', promotion: 2016 })
    const ines = await person({ lastName: 'Garcia', firstName: 'Inès', promotion: 2016 })
    expect(claimRosterRow(ctx, ines.id)).toMatchObject({ result: 'queued', candidateIds: [a, b] })
    const claimId = claimsOf(ines.id)[0].id
    const admin = await webmaster()
    const adminId = ctx.db.select().from(users).where(eq(users.email, 'webmaster.claims@exemple.fr')).get()!.id

    // Hostile or stale forms: a clear refusal in French, nothing changed.
    const noRow = await admin.post('/admin/diplomes/rapprochements', { intent: 'link', claimId: String(claimId) })
    expect(noRow.status).toBe(400)
    expect(await noRow.text()).toContain('choisissez une fiche')
    const garbage = await admin.post('/admin/diplomes/rapprochements', { intent: 'link', claimId: 'abc', graduateId: '<script>' })
    expect(garbage.status).toBe(400)
    const stranger = insertGraduate(ctx, { lastName: 'Autre', firstName: 'Personne', promotion: 2016 })
    const notCandidate = await admin.post('/admin/diplomes/rapprochements', { intent: 'link', claimId: String(claimId), graduateId: String(stranger) })
    expect(notCandidate.status).toBe(409)
    expect(await notCandidate.text()).toContain('n’est pas une candidate')
    expect(claimsOf(ines.id)[0].status).toBe('open')

    const linked = await admin.post('/admin/diplomes/rapprochements', { intent: 'link', claimId: String(claimId), graduateId: String(a) })
    expect(linked.status).toBe(302)
    expect(rowOf(a).userId).toBe(ines.id)
    expect(rowOf(b).userId).toBeNull()
    const [decided] = claimsOf(ines.id)
    expect(decided).toMatchObject({ status: 'linked', graduateId: a, decidedBy: adminId })
    expect(decided.decidedAt).toBeInstanceOf(Date)
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(ines.email) && m.subject.includes('rattaché'))
    expect(mail.text).toContain('promotion 2016')
    expect(firstLink(mail, '/mon-compte/profil')).toBeTruthy()
    const again = await admin.post('/admin/diplomes/rapprochements', { intent: 'dismiss', claimId: String(claimId) })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('déjà traité')

    // Dismissed: closed, signed, and not reopened while the same rows match.
    insertGraduate(ctx, { lastName: 'Leroy', firstName: 'Marc', promotion: 2001 })
    insertGraduate(ctx, { lastName: 'Leroy', firstName: 'Marc', promotion: 2001 })
    const marc = await person({ lastName: 'Leroy', firstName: 'Marc', promotion: 2001 })
    claimRosterRow(ctx, marc.id)
    const marcClaim = claimsOf(marc.id)[0].id
    expect((await admin.post('/admin/diplomes/rapprochements', { intent: 'dismiss', claimId: String(marcClaim) })).status).toBe(302)
    expect(claimsOf(marc.id)).toEqual([expect.objectContaining({ status: 'dismissed', decidedBy: adminId })])
    expect(claimRosterRow(ctx, marc.id)).toEqual({ result: 'dismissed' })
    expect(claimsOf(marc.id)).toHaveLength(1)
    expect(await (await admin.get('/admin/diplomes/rapprochements')).text()).not.toContain('Marc Leroy')
  })

  it('refuses the queue and the invitations to everyone but webmasters', async () => {
    const member = await person({ lastName: 'Simple', firstName: 'Membre' }, { membership: 'alumni' })
    for (const path of ['/admin/diplomes/rapprochements', '/admin/diplomes/invitations']) {
      expect((await member.browser.get(path)).status).toBe(403)
      expect((await member.browser.post(path, { intent: 'dismiss', claimId: '1' })).status).toBe(403)
      expect((await suite.client().get(path)).status).toBe(302)
    }
    expect((await member.browser.post('/admin/diplomes/invitations', { intent: 'send', promotions: '', confirm: 'on' })).status).toBe(403)
  })
})

describe('several diplomas on a profile', () => {
  it('keeps the list’s diplomas read-only and lets the member add and remove up to five of their own', async () => {
    const { ctx } = suite.app
    insertGraduate(ctx, { lastName: 'Blanc', firstName: 'Léa', promotion: 2014, diplomas: [CIVIL] })
    const lea = await person({ lastName: 'Blanc', firstName: 'Léa', promotion: 2014 }, { membership: 'alumni', promotion: 2014 })
    ctx.db.update(profiles).set({ diploma: INFO }).where(eq(profiles.userId, lea.id)).run()
    claimRosterRow(ctx, lea.id)
    const form = { promotion: '2014', diploma: INFO, inDirectory: 'on' }
    const many = new FormData()
    for (const [k, v] of Object.entries(form)) many.append(k, v)
    const all = ["Diplôme d'ingénieur — Génie mécanique", "Diplôme d'ingénieur — Génie électrique", "Diplôme d'ingénieur — Génie industriel"]
    const extra = ['Mastère spécialisé Management de projets', 'Mastère spécialisé Cybersécurité', DATA]
    for (const d of [...all, ...extra]) many.append('ownDiplomas', d)
    const tooMany = await lea.browser.request('/mon-compte/profil', { multipart: many })
    expect(tooMany.status).toBe(400)
    expect(await tooMany.text()).toContain('au plus 5 diplômes')

    const some = new FormData()
    for (const [k, v] of Object.entries(form)) some.append(k, v)
    // The list's own diploma and the main one are not repeated as the member's.
    for (const d of [DATA, CIVIL, INFO]) some.append('ownDiplomas', d)
    expect((await lea.browser.request('/mon-compte/profil', { multipart: some })).status).toBe(302)
    expect(diplomasOf(lea.id)).toEqual([
      { diploma: CIVIL, source: 'roster' },
      { diploma: DATA, source: 'member' },
    ])
    const forged = new FormData()
    for (const [k, v] of Object.entries(form)) forged.append(k, v)
    forged.append('ownDiplomas', 'Doctorat en astrologie')
    const refused = await lea.browser.request('/mon-compte/profil', { multipart: forged })
    expect(refused.status).toBe(400)
    // Removing them all keeps the list's.
    const none = new FormData()
    for (const [k, v] of Object.entries(form)) none.append(k, v)
    expect((await lea.browser.request('/mon-compte/profil', { multipart: none })).status).toBe(302)
    expect(diplomasOf(lea.id)).toEqual([{ diploma: CIVIL, source: 'roster' }])
  })
})

describe('invitations to activate', () => {
  it('counts the rows it may invite, sends them in batches through SMTP with an unsubscribe link, and never twice', async () => {
    const { ctx } = suite.app
    const day = 24 * 60 * 60_000
    const existing = await createAccount(ctx, { email: 'deja.inscrite@exemple.fr' })
    const holder = await createAccount(ctx)
    ctx.db.insert(addressOptOuts).values({ email: 'plus.jamais@exemple.fr', createdAt: new Date() }).run()
    const invitable = [
      insertGraduate(ctx, { lastName: 'Faure', firstName: 'Anne', promotion: 1991, email: 'anne.faure@exemple.fr', diplomas: [INFO] }),
      insertGraduate(ctx, {
        lastName: 'Girard',
        firstName: 'Luc',
        promotion: 1991,
        email: 'luc.girard@exemple.fr',
        invitedAt: new Date(Date.now() - 40 * day),
      }),
    ]
    const excluded = [
      insertGraduate(ctx, { lastName: 'Opt', firstName: 'Out', promotion: 1991, email: 'plus.jamais@exemple.fr' }),
      insertGraduate(ctx, { lastName: 'Claimed', firstName: 'Row', promotion: 1991, email: 'claimed.row@exemple.fr', userId: holder.id }),
      insertGraduate(ctx, {
        lastName: 'Recent',
        firstName: 'Row',
        promotion: 1991,
        email: 'recent.row@exemple.fr',
        invitedAt: new Date(Date.now() - 10 * day),
      }),
      insertGraduate(ctx, { lastName: 'Sans', firstName: 'Adresse', promotion: 1991 }),
      insertGraduate(ctx, { lastName: 'Account', firstName: 'Row', promotion: 1991, email: existing.email }),
    ]
    insertGraduate(ctx, { lastName: 'Autre', firstName: 'Promo', promotion: 1992, email: 'autre.promo@exemple.fr' })
    const admin = await webmaster()

    const counted = await admin.get('/admin/diplomes/invitations?promotions=1991')
    expect(counted.status).toBe(200)
    expect(await counted.text()).toContain('2 diplômés à inviter')
    const bad = await admin.get('/admin/diplomes/invitations?promotions=hier')
    expect(await bad.text()).toContain('Indiquez des années de promotion')

    const unconfirmed = await admin.post('/admin/diplomes/invitations?promotions=1991', { intent: 'send', promotions: '1991' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer')
    const forged = await admin.post('/admin/diplomes/invitations', { intent: 'send', promotions: '1991; DROP TABLE', confirm: 'on' })
    expect(forged.status).toBe(400)

    const sent = await admin.post('/admin/diplomes/invitations?promotions=1991', { intent: 'send', promotions: '1991', confirm: 'on' })
    expect(sent.status).toBe(302)
    const anne = await suite.smtp.waitForMail((m) => m.to.includes('anne.faure@exemple.fr'))
    const luc = await suite.smtp.waitForMail((m) => m.to.includes('luc.girard@exemple.fr'))
    expect(anne.subject).toContain('Activez votre compte')
    expect(anne.text).toContain('promotion 1991')
    expect(firstLink(anne, '/activer/')).toContain(`/activer/${activationToken(ctx.config.SESSION_SECRET, invitable[0])}`)
    const unsubscribe = firstLink(anne, '/ne-plus-ecrire/')
    const header = anne.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')
    expect(header).toBe(`List-Unsubscribe: <${unsubscribe}>`)
    expect(luc.text).toContain('Luc')

    const send = ctx.db.select().from(activationSends).orderBy(activationSends.id).all().at(-1)!
    await expect.poll(() => ctx.db.select().from(activationSends).where(eq(activationSends.id, send.id)).get()?.status).toBe('done')
    expect(ctx.db.select().from(activationSends).where(eq(activationSends.id, send.id)).get()).toMatchObject({
      total: 2,
      queued: 2,
      segment: '{"promotions":[1991]}',
    })
    for (const id of invitable) expect(rowOf(id).activationInvitedAt).toBeInstanceOf(Date)
    const queuedTo = () =>
      ctx.db
        .select({ to: outbox.to })
        .from(outbox)
        .where(eq(outbox.kind, 'roster.activation'))
        .all()
        .map((r) => r.to.toLowerCase())
    for (const id of excluded) {
      const email = rowOf(id).email
      if (email) expect(queuedTo()).not.toContain(email.toLowerCase())
    }
    expect(queuedTo()).not.toContain('autre.promo@exemple.fr')

    // A second send finds nobody; running the finished send again writes nothing.
    const before = queuedTo().length
    const twice = await admin.post('/admin/diplomes/invitations?promotions=1991', { intent: 'send', promotions: '1991', confirm: 'on' })
    expect(twice.status).toBe(409)
    expect(await twice.text()).toContain('Personne à inviter')
    await runActivationSend(ctx, send.id, suite.app.url)
    expect(queuedTo().length).toBe(before)
    expect(suite.smtp.mailsTo('anne.faure@exemple.fr')).toHaveLength(1)
  })

  it('reports each batch live to webmasters over Socket.IO, and to nobody else', async () => {
    const { ctx } = suite.app
    const admin = await webmaster()
    for (let i = 0; i < 120; i++) insertGraduate(ctx, { lastName: `Lot${i}`, firstName: 'Envoi', promotion: 1980, email: `lot.${i}@exemple.fr` })
    const member = await createAccount(ctx, { membership: 'alumni' })
    const memberSide = await memberSocket(suite.app.url, member.email)
    const refused = await new Promise((resolve) => memberSide.emit('roster:watch', resolve))
    expect(refused).toEqual({ ok: false, error: 'forbidden' })
    let leaked = 0
    memberSide.on('roster:activation', () => leaked++)

    const socket = await memberSocket(suite.app.url, 'webmaster.claims@exemple.fr')
    const joined = (await new Promise((resolve) => socket.emit('roster:watch', resolve))) as { ok: boolean }
    expect(joined.ok).toBe(true)
    const seen: ActivationProgress[] = []
    socket.on('roster:activation', (p: ActivationProgress) => seen.push(p))
    const done = eventWhere<ActivationProgress>(socket, 'roster:activation', (p) => p.status === 'done', 10_000)
    const sent = await admin.post('/admin/diplomes/invitations?promotions=1980', { intent: 'send', promotions: '1980', confirm: 'on' })
    expect(sent.status).toBe(302)
    const last = await done
    expect(last).toMatchObject({ total: 120, queued: 120, status: 'done' })
    expect(seen.filter((p) => p.sendId === last.sendId).map((p) => p.queued)).toEqual([50, 100, 120, 120])
    const keys = ctx.db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(and(eq(outbox.kind, 'roster.activation'), inArray(outbox.to, ['lot.0@exemple.fr', 'lot.119@exemple.fr'])))
      .all()
    expect(keys).toHaveLength(2)
    expect(leaked).toBe(0)
    socket.disconnect()
    memberSide.disconnect()
  })
})

describe('the activation link', () => {
  it('answers 404 to a forged or altered token, and shows the person with a prefilled form otherwise', async () => {
    const { ctx } = suite.app
    const id = insertGraduate(ctx, { lastName: 'Bonnet', firstName: 'Zoé', promotion: 2019, email: 'zoe.bonnet@exemple.fr', diplomas: [DATA] })
    const token = activationToken(ctx.config.SESSION_SECRET, id)
    const browser = suite.client()
    for (const forged of [`${id}.${'A'.repeat(32)}`, `${id + 1}.${token.split('.')[1]}`, 'nimportequoi', `${id}`, `${token}x`]) {
      expect((await browser.get(`/activer/${encodeURIComponent(forged)}`)).status).toBe(404)
    }
    expect((await browser.post(`/activer/${id}.${'B'.repeat(32)}`, { intent: 'signup' })).status).toBe(404)
    const page = await browser.get(`/activer/${token}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toContain('no-store')
    const html = await page.text()
    expect(html).toContain('Zoé Bonnet, promotion 2019')
    expect(html).toContain('value="zoe.bonnet@exemple.fr"')
    expect(html).toContain('value="Bonnet"')
  })

  it('creates an account that holds the row from its creation, then goes on to Cotiser', async () => {
    const { ctx } = suite.app
    // Named differently in the list: the token proves the row, whatever name is typed.
    const id = insertGraduate(ctx, { lastName: 'Chevalier', firstName: 'Noé', promotion: 2020, email: 'noe.chevalier@exemple.fr', diplomas: [INFO, DATA] })
    insertGraduate(ctx, { lastName: 'Chevalier', firstName: 'Noé', promotion: 2020 })
    const token = activationToken(ctx.config.SESSION_SECRET, id)
    const browser = suite.client()
    const weak = await browser.post(`/activer/${token}`, {
      intent: 'signup',
      lastName: 'Chevalier',
      firstName: 'Noé',
      email: 'noe.chevalier@exemple.fr',
      password: 'court',
    })
    expect(weak.status).toBe(400)
    expect(await weak.text()).toContain('au moins 10 caractères')
    const asked = await browser.post(`/activer/${token}`, {
      intent: 'signup',
      lastName: 'Chevalier-Martin',
      firstName: 'Noé',
      birthName: 'Chevalier',
      email: 'noe.chevalier@exemple.fr',
      password: 'une phrase de passe solide',
    })
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('Vérifiez votre boîte mail')
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('noe.chevalier@exemple.fr') && m.text.includes('/inscription/confirmer'))
    const link = new URL(firstLink(mail, '/inscription/confirmer'))
    const created = await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })
    expect(created.status).toBe(302)
    expect(created.headers.get('location')).toBe('/cotiser')
    const account = ctx.db.select().from(users).where(eq(users.email, 'noe.chevalier@exemple.fr')).get()!
    expect(account).toMatchObject({ lastName: 'Chevalier-Martin', birthName: 'Chevalier' })
    expect(rowOf(id).userId).toBe(account.id)
    expect(ctx.db.select().from(profiles).where(eq(profiles.userId, account.id)).get()).toMatchObject({ promotion: 2020, diploma: INFO })
    expect(diplomasOf(account.id)).toHaveLength(2)
    // Cotiser is filled from the list; the link now says the row is taken, kindly.
    const cotiser = await (await browser.get('/cotiser')).text()
    expect(cotiser).toContain('value="2020"')
    const again = await (await suite.client().get(`/activer/${token}`)).text()
    expect(again).toContain('déjà rattachée à un compte')
    expect(again).not.toContain('noe.chevalier@exemple.fr')
  })

  it('links the row to the account of whoever is logged in, once', async () => {
    const { ctx } = suite.app
    const id = insertGraduate(ctx, { lastName: 'Lambert', firstName: 'Eva', promotion: 2003, email: 'eva.l@exemple.fr', diplomas: [CIVIL] })
    const eva = await person({ lastName: 'Lambert', firstName: 'Éva' })
    const token = activationToken(ctx.config.SESSION_SECRET, id)
    expect(await (await eva.browser.get(`/activer/${token}`)).text()).toContain('Rattacher cette fiche à mon compte')
    const linked = await eva.browser.post(`/activer/${token}`, { intent: 'link' })
    expect(linked.status).toBe(302)
    expect(rowOf(id).userId).toBe(eva.id)
    expect(diplomasOf(eva.id)).toEqual([{ diploma: CIVIL, source: 'roster' }])
    const other = insertGraduate(ctx, { lastName: 'Lambert', firstName: 'Eva', promotion: 2004 })
    const refused = await eva.browser.post(`/activer/${activationToken(ctx.config.SESSION_SECRET, other)}`, { intent: 'link' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('déjà rattaché à une autre fiche')
  })

  it('keeps the birth name given at sign-up', async () => {
    const browser = suite.client()
    const asked = await browser.post('/inscription', {
      lastName: 'Mercier',
      firstName: 'Jade',
      birthName: 'Fontaine',
      email: 'jade.mercier@exemple.fr',
      password: 'une phrase de passe solide',
    })
    expect(asked.status).toBe(200)
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('jade.mercier@exemple.fr'))
    const link = new URL(firstLink(mail, '/inscription/confirmer'))
    await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })
    expect(suite.app.ctx.db.select().from(users).where(eq(users.email, 'jade.mercier@exemple.fr')).get()?.birthName).toBe('Fontaine')
    const tooLong = await suite
      .client()
      .post('/inscription', { lastName: 'A', firstName: 'B', birthName: 'x'.repeat(101), email: 'x@exemple.fr', password: 'une phrase de passe solide' })
    expect(tooLong.status).toBe(400)
    expect(await tooLong.text()).toContain('100 caractères au plus')
  })
})
