import { describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { graduates, memberships, outbox, profiles, referralInvitations, users } from '../../db/schema'
import { optOut } from '../../app/features/outreach/opt-outs.server'
import { eraseAccount } from '../../app/features/privacy/erasure.server'
import { leaderboard, promotionFigures } from '../../app/features/referrals/referrals.server'
import { matchKey } from '../../app/features/roster/names'
import { sessionClient } from '../event-factories'
import { createAccount } from '../factories'
import { HttpClient } from '../support/http'
import { mailSuite } from '../support/mail-suite'
import { dataUrl } from '../support/single-fetch'
import { firstLink } from '../support/smtp'

// « Recommander ma promotion » (issue #17) against the real app and a real SMTP server: the
// figures and the leaderboard, names never addresses, the limits (20 a day under concurrency, 30
// days per address from anyone, opted-out and registered addresses never written to, with one
// answer for all), the personal link through sign-up, and the webmasters' funnel with its CSV.
const suite = mailSuite('10.77.0')
const DAY = 24 * 60 * 60_000
let nextPromotion = 1900

function graduate(promotion: number, options: { email?: string | null; firstName?: string; lastName?: string } = {}) {
  const firstName = options.firstName ?? `Prénom${Math.random().toString(36).slice(2, 7)}`
  const lastName = options.lastName ?? `Nom${Math.random().toString(36).slice(2, 7)}`
  const now = new Date()
  return suite.app.ctx.db
    .insert(graduates)
    .values({
      firstName,
      lastName,
      promotion,
      email: options.email === undefined ? null : options.email,
      matchKey: matchKey(lastName, firstName, promotion),
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
}

async function member(promotion: number, kind: 'alumni' | null = 'alumni') {
  const account = await createAccount(suite.app.ctx, { membership: kind, promotion })
  if (!kind) suite.app.ctx.db.insert(profiles).values({ userId: account.id, promotion }).run()
  return { ...account, client: await sessionClient(suite.app.ctx, suite.app.url, account.id) }
}

const claimed = (row: { id: number }, userId: string) => suite.app.ctx.db.update(graduates).set({ userId }).where(eq(graduates.id, row.id)).run()

const invite = (client: HttpClient, form: { graduateIds?: number[]; emails?: string; message?: string }) => {
  const body = new URLSearchParams({ intent: 'invite', emails: form.emails ?? '', message: form.message ?? '' })
  for (const id of form.graduateIds ?? []) body.append('graduateIds', String(id))
  return client.request('/recommander', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

/** The toast the redirect after a post carries, as the next page shows it. */
async function toastAfter(client: HttpClient, response: Response) {
  expect(response.status).toBe(302)
  expect(response.headers.get('location')).toBe('/recommander')
  const page = await (await client.get('/recommander')).text()
  return /<div[^>]*class="toast[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1]?.replace(/<[^>]+>/g, '') ?? page
}

const rowsTo = (email: string) => suite.app.ctx.db.select().from(referralInvitations).where(eq(referralInvitations.email, email)).all()
const mailsTo = (email: string) =>
  suite.app.ctx.db
    .select()
    .from(outbox)
    .where(and(sql`lower(${outbox.to}) = ${email}`, eq(outbox.kind, 'referrals.invitation')))
    .all()

const NOT_SENT = 'déjà invitée récemment, déjà inscrite ou ne souhaite plus être contactée'

describe('my promotion in figures, and the leaderboard', () => {
  it('counts the roster, the accounts, the members and the rest; ranks promotions by share of members, mine highlighted', async () => {
    const mine = nextPromotion++
    const full = nextPromotion++
    const small = nextPromotion++
    // The list is the reference: a row counts with the account that claimed it, or that has its address.
    const viewer = await member(mine)
    const other = await member(mine)
    const registered = await member(mine, null)
    await member(mine) // a member the list does not know: not counted
    claimed(graduate(mine), viewer.id)
    graduate(mine, { email: other.email.toUpperCase() })
    claimed(graduate(mine), registered.id)
    for (let i = 0; i < 3; i++) graduate(mine, { email: `inconnu${i}.${mine}@exemple.fr` })
    for (let i = 0; i < 5; i++) claimed(graduate(full), (await createAccount(suite.app.ctx, { membership: 'alumni', promotion: full })).id)
    for (let i = 0; i < 3; i++) graduate(small)

    expect(promotionFigures(suite.app.ctx, mine)).toEqual({ promotion: mine, roster: 6, accounts: 3, members: 2, notYetMembers: 4 })
    const board = leaderboard(suite.app.ctx, mine)
    expect(board.mine).toBe('ranked')
    expect(board.rows[0]).toMatchObject({ promotion: full, share: 1, rank: 1 })
    expect(board.rows.find((r) => r.promotion === mine)).toMatchObject({ roster: 6, members: 2 })
    expect(board.rows.some((r) => r.promotion === small)).toBe(false)
    expect(board.small).toBeGreaterThanOrEqual(1)
    expect(leaderboard(suite.app.ctx, small).mine).toBe('small')

    const page = await viewer.client.get('/recommander')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('4 diplômés de votre promotion ne sont pas encore membres.')
    expect(html).toMatch(new RegExp(`board__row--mine[^>]*>.*?${mine}`, 's'))
    expect(html).toContain('la vôtre')
  })

  it('says so when the roster has nobody of my promotion, and counts from accounts only', async () => {
    const lonely = nextPromotion++
    const viewer = await member(lonely)
    await member(lonely, null)
    expect(promotionFigures(suite.app.ctx, lonely)).toEqual({ promotion: lonely, roster: 0, accounts: 2, members: 1, notYetMembers: 1 })
    const html = await (await viewer.client.get('/recommander')).text()
    expect(html).toContain('Le fichier des diplômés ne compte encore personne de votre promotion')
    expect(html).toContain('Votre promotion n’est pas encore dans le fichier des diplômés.')
  })

  it('shows classmates’ names, never their addresses: not in the page, not in the loader’s data', async () => {
    const promotion = nextPromotion++
    const viewer = await member(promotion)
    const listed = graduate(promotion, { firstName: 'Aurélie', lastName: 'Vasseur', email: 'aurelie.secret@roster.example' })
    graduate(promotion, { firstName: 'Sans', lastName: 'Adresse', email: null })
    const html = await (await viewer.client.get('/recommander')).text()
    expect(html).toContain('Aurélie Vasseur')
    expect(html).toContain(`value="${listed.id}"`)
    expect(html).not.toContain('Sans Adresse')
    expect(html).not.toContain('roster.example')
    const data = await (await viewer.client.get(dataUrl('/recommander'))).text()
    expect(data).toContain('Vasseur')
    expect(data).not.toContain('roster.example')
    // The search finds by name, accents forgiven; an unknown name says so.
    expect(await (await viewer.client.get('/recommander?q=aurelie')).text()).toContain('Aurélie Vasseur')
    expect(await (await viewer.client.get('/recommander?q=zzz')).text()).toContain('Aucun diplômé à inviter ne correspond à « zzz ».')
  })
})

describe('inviting', () => {
  it('invites a ticked classmate and a typed address; the mails arrive by SMTP with the personal link and List-Unsubscribe', async () => {
    const promotion = nextPromotion++
    const viewer = await member(promotion)
    const classmate = graduate(promotion, { firstName: 'Bastien', lastName: 'Roche', email: 'bastien.roche@exemple.fr' })
    const response = await invite(viewer.client, {
      graduateIds: [classmate.id],
      emails: 'Typed.Person@Exemple.fr',
      message: 'Viens, on organise un afterwork de promo !',
    })
    expect(await toastAfter(viewer.client, response)).toContain('2 invitations envoyées.')

    const mail = await suite.smtp.waitForMail((m) => m.to.includes('bastien.roche@exemple.fr'))
    expect(mail.subject).toContain(`${viewer.firstName} ${viewer.lastName} vous invite`)
    expect(mail.text).toContain('Bonjour Bastien,')
    expect(mail.text).toContain(`${viewer.firstName} ${viewer.lastName}, de la promotion ${promotion}`)
    expect(mail.text).toContain('« Viens, on organise un afterwork de promo ! »')
    const link = new URL(firstLink(mail, '/rejoindre/'))
    expect(link.pathname).toMatch(/^\/rejoindre\/[A-Za-z0-9_-]{22}$/)
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')).toMatch(
      /^List-Unsubscribe: <http:\/\/\S+\/ne-plus-ecrire\/\S+>$/,
    )
    expect(mail.text).toContain('Ne plus recevoir d’invitations de l’Amicale')
    const typed = await suite.smtp.waitForMail((m) => m.to.includes('typed.person@exemple.fr'))
    expect(typed.text).toMatch(/^Bonjour,\n/)
    expect(typed.text).not.toContain('Bonjour ,')

    const rows = suite.app.ctx.db.select().from(referralInvitations).where(eq(referralInvitations.referrerId, viewer.id)).all()
    expect(rows.map((r) => [r.email, r.graduateId, r.promotion])).toEqual(
      expect.arrayContaining([
        ['bastien.roche@exemple.fr', classmate.id, promotion],
        ['typed.person@exemple.fr', null, promotion],
      ]),
    )
    // The classmate leaves the list; my invitations show the name (never the roster address) and the address I typed.
    const html = await (await viewer.client.get('/recommander')).text()
    expect(html).not.toContain(`value="${classmate.id}"`)
    expect(html).toContain('Bastien Roche')
    expect(html).toContain('typed.person@exemple.fr')
    expect(html).not.toContain('bastien.roche@exemple.fr')
    expect(html).toContain('Envoyée')
    expect(rows.map((r) => [r.email, r.source])).toEqual(
      expect.arrayContaining([
        ['bastien.roche@exemple.fr', 'roster'],
        ['typed.person@exemple.fr', 'typed'],
      ]),
    )
    // Even once the list's row is gone, its address never shows.
    suite.app.ctx.database.sqlite.prepare('delete from graduates where id = ?').run(classmate.id)
    const after = await (await viewer.client.get('/recommander')).text()
    expect(after).not.toContain('bastien.roche@exemple.fr')
    expect(after).toContain('Un diplômé retiré du fichier')
  })

  it('sends 20 a day and not one more, under 25 posts at once', async () => {
    const viewer = await member(nextPromotion++)
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => invite(viewer.client, { emails: `rafale${i}.${viewer.id.slice(0, 6)}@exemple.fr` })),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 302)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(5)
    const refused = responses.find((r) => r.status === 429)!
    expect(await refused.text()).toContain('Vous avez déjà envoyé 20 invitations ces dernières 24 heures')
    expect(suite.app.ctx.db.select().from(referralInvitations).where(eq(referralInvitations.referrerId, viewer.id)).all()).toHaveLength(20)
    expect(
      suite.app.ctx.db
        .select()
        .from(outbox)
        .where(sql`${outbox.to} like ${`rafale%.${viewer.id.slice(0, 6)}@exemple.fr`}`)
        .all(),
    ).toHaveLength(20)
    // A post that would go over says how many are left, and sends none of them.
    const other = await member(nextPromotion++)
    for (let i = 0; i < 18; i++) expect((await invite(other.client, { emails: `solo${i}.${other.id.slice(0, 6)}@exemple.fr` })).status).toBe(302)
    const over = await invite(other.client, { emails: ['a', 'b', 'c'].map((x) => `${x}.${other.id.slice(0, 6)}@exemple.fr`).join('\n') })
    expect(over.status).toBe(429)
    expect(await over.text()).toContain('Il ne vous reste que 2 invitations pour aujourd’hui')
    expect(rowsTo(`a.${other.id.slice(0, 6)}@exemple.fr`)).toHaveLength(0)
  })

  it('never invites an address twice within 30 days, whoever asks and whatever the case; after 30 days it may', async () => {
    const first = await member(nextPromotion++)
    const second = await member(nextPromotion++)
    expect(await toastAfter(first.client, await invite(first.client, { emails: 'repeat.me@exemple.fr' }))).toContain('1 invitation envoyée.')
    const again = await toastAfter(second.client, await invite(second.client, { emails: 'Repeat.Me@EXEMPLE.fr' }))
    expect(again).toContain('Aucune invitation envoyée')
    expect(again).toContain(NOT_SENT)
    expect(rowsTo('repeat.me@exemple.fr')).toHaveLength(1)

    const realNow = suite.app.ctx.now
    suite.app.ctx.now = () => new Date(realNow().getTime() + 31 * DAY)
    try {
      expect(await toastAfter(second.client, await invite(second.client, { emails: 'repeat.me@exemple.fr' }))).toContain('1 invitation envoyée.')
    } finally {
      suite.app.ctx.now = realNow
    }
    expect(rowsTo('repeat.me@exemple.fr')).toHaveLength(2)
  })

  it('never writes to an opted-out address nor to one that has an account, and answers both like a recent invitation', async () => {
    const promotion = nextPromotion++
    const viewer = await member(promotion)
    optOut(suite.app.ctx, 'Plus.Jamais@exemple.fr')
    const optedOutRow = graduate(promotion, { firstName: 'Odile', lastName: 'Refus', email: 'plus.jamais@exemple.fr' })
    const registered = await createAccount(suite.app.ctx, { email: 'deja.inscrit@exemple.fr' })
    const registeredRow = graduate(promotion, { firstName: 'Déjà', lastName: 'Inscrit', email: registered.email })
    // Neither is offered in the list.
    const html = await (await viewer.client.get('/recommander')).text()
    expect(html).not.toContain('Odile Refus')
    expect(html).not.toContain('Déjà Inscrit')

    const answers: string[] = []
    for (const emails of ['plus.jamais@exemple.fr', 'DEJA.INSCRIT@exemple.fr'])
      answers.push(await toastAfter(viewer.client, await invite(viewer.client, { emails })))
    // Posting their ids anyway (a forged form) sends nothing either.
    answers.push(await toastAfter(viewer.client, await invite(viewer.client, { graduateIds: [optedOutRow.id, registeredRow.id] })))
    expect(answers[0]).toContain(NOT_SENT)
    expect(answers[1]).toBe(answers[0])
    expect(answers[2]).toContain('2 personnes n’ont pas reçu d’invitation')
    expect(rowsTo('plus.jamais@exemple.fr')).toEqual([])
    expect(rowsTo('deja.inscrit@exemple.fr')).toEqual([])
    expect(mailsTo('plus.jamais@exemple.fr')).toEqual([])
    expect(mailsTo('deja.inscrit@exemple.fr')).toEqual([])
  })

  it('invites only classmates of my own promotion from the list', async () => {
    const viewer = await member(nextPromotion++)
    const elsewhere = graduate(nextPromotion++, { email: 'autre.promo@exemple.fr' })
    expect(await toastAfter(viewer.client, await invite(viewer.client, { graduateIds: [elsewhere.id] }))).toContain(NOT_SENT)
    expect(rowsTo('autre.promo@exemple.fr')).toEqual([])
  })

  it('answers hostile and mistaken forms with a 400 and a French message by the field, sending nothing', async () => {
    const viewer = await member(nextPromotion++)
    const cases: [Parameters<typeof invite>[1], string][] = [
      [{}, 'Cochez au moins un camarade ou saisissez une adresse.'],
      [{ emails: 'pas-une-adresse, autre@' }, 'Ces adresses ne sont pas valides : pas-une-adresse, autre@'],
      [{ emails: Array.from({ length: 21 }, (_, i) => `n${i}@exemple.fr`).join(',') }, 'Saisissez au plus 20 adresses à la fois.'],
      [{ emails: 'ok@exemple.fr', message: 'x'.repeat(501) }, 'Le message ne peut pas dépasser 500 caractères.'],
      [{ emails: 'ok@exemple.fr', message: 'Va voir https://evil.example/login' }, 'Le message ne peut pas contenir de lien'],
      [{ emails: 'ok@exemple.fr', message: 'Inscris-toi sur www.faux-site.fr' }, 'Le message ne peut pas contenir de lien'],
    ]
    for (const [form, message] of cases) {
      const response = await invite(viewer.client, form)
      expect(response.status, message).toBe(400)
      expect(await response.text(), message).toContain(message)
    }
    const forged = new URLSearchParams({ intent: 'invite', emails: '', message: '' })
    forged.append('graduateIds', 'abc')
    const bad = await viewer.client.request('/recommander', { body: forged.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Ce choix de camarades est illisible')
    expect((await viewer.client.post('/recommander', { emails: 'ok@exemple.fr' })).status).toBe(400)
    expect(rowsTo('ok@exemple.fr')).toEqual([])
  })

  it('is for paying members: a registered account gets the explanation with Cotiser, a visitor the log-in', async () => {
    const registered = await createAccount(suite.app.ctx)
    const client = await sessionClient(suite.app.ctx, suite.app.url, registered.id)
    const page = await client.get('/recommander')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('href="/cotiser"')
    expect((await invite(client, { emails: 'x@exemple.fr' })).status).toBe(403)
    const visitor = await new HttpClient(suite.app.url).get('/recommander')
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe('/connexion?redirectTo=%2Frecommander')
  })
})

describe('the personal link', () => {
  it('answers 404 to an unknown or malformed token', async () => {
    const client = new HttpClient(suite.app.url)
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAA', 'court', 'x'.repeat(200), '..%2F..%2Fetc'])
      expect((await client.get(`/rejoindre/${token}`)).status, token).toBe(404)
  })

  it('signs up through the link (joined, even with another address), then paying marks it paid', async () => {
    const promotion = nextPromotion++
    const viewer = await member(promotion)
    await invite(viewer.client, { emails: 'lien.perso@exemple.fr' })
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('lien.perso@exemple.fr'))
    const link = new URL(firstLink(mail, '/rejoindre/'))
    const token = link.pathname.split('/').pop()!

    const browser = suite.client()
    const landing = await browser.get(link.pathname)
    expect(landing.status).toBe(200)
    const html = await landing.text()
    expect(html).toContain(`${viewer.firstName} ${viewer.lastName}, de la promotion ${promotion}, vous invite`)
    expect(html).toContain(`/inscription?invitation=${token}&amp;redirectTo=%2Fcotiser`)
    expect(html).not.toContain('lien.perso@exemple.fr')

    // The sign-up form carries the token; the account is created from the confirmation mail.
    const form = await (await browser.get(`/inscription?invitation=${token}`)).text()
    expect(form).toContain(`name="invitation" value="${token}"`)
    const signUp = await browser.post('/inscription', {
      lastName: 'Perso',
      firstName: 'Lien',
      email: 'autre.adresse@exemple.fr',
      password: 'une phrase de passe solide',
      invitation: token,
      redirectTo: '/cotiser',
    })
    expect(signUp.status).toBe(200)
    const confirm = await suite.smtp.waitForMail((m) => m.to.includes('autre.adresse@exemple.fr'))
    const confirmLink = new URL(firstLink(confirm, '/inscription/confirmer'))
    const created = await browser.post(`${confirmLink.pathname}${confirmLink.search}`, { token: confirmLink.searchParams.get('token')! })
    expect(created.status).toBe(302)
    expect(created.headers.get('location')).toBe('/cotiser')
    const account = suite.app.ctx.db.select().from(users).where(eq(users.email, 'autre.adresse@exemple.fr')).get()!
    expect(rowsTo('lien.perso@exemple.fr')[0]).toMatchObject({ joinedUserId: account.id })
    expect(await (await viewer.client.get('/recommander')).text()).toContain('Compte créé')
    // The link now says it was used.
    expect(await (await new HttpClient(suite.app.url).get(link.pathname)).text()).toContain('Cette invitation a déjà servi')

    suite.app.ctx.db.insert(memberships).values({ userId: account.id, kind: 'alumni', activatedAt: new Date() }).run()
    const after = await (await viewer.client.get('/recommander')).text()
    expect(after).toContain('Membre cotisant')
    expect(after).toContain('1 a cotisé')
  })

  it('matches a sign-up without the link to the latest invitation of its address', async () => {
    const viewer = await member(nextPromotion++)
    await invite(viewer.client, { emails: 'sans.lien@exemple.fr' })
    const browser = suite.client()
    await browser.post('/inscription', { lastName: 'Lien', firstName: 'Sans', email: 'Sans.Lien@exemple.fr', password: 'une phrase de passe solide' })
    const confirm = await suite.smtp.waitForMail((m) => m.to.includes('sans.lien@exemple.fr') && m.subject.includes('Confirmez'))
    const confirmLink = new URL(firstLink(confirm, '/inscription/confirmer'))
    expect((await browser.post(`${confirmLink.pathname}${confirmLink.search}`, { token: confirmLink.searchParams.get('token')! })).status).toBe(302)
    const account = suite.app.ctx.db.select().from(users).where(eq(users.email, 'sans.lien@exemple.fr')).get()!
    expect(rowsTo('sans.lien@exemple.fr')[0]).toMatchObject({ joinedUserId: account.id })
  })
})

describe('the webmasters’ funnel', () => {
  it('shows sent, joined, paid and conversion per referrer and per promotion, sortable, and a CSV with formula cells neutralised', async () => {
    const promotion = nextPromotion++
    const referrer = await member(promotion)
    suite.app.ctx.db.update(users).set({ firstName: '=HYPERLINK("http://evil.example")' }).where(eq(users.id, referrer.id)).run()
    await invite(referrer.client, { emails: 'f1@exemple.fr, f2@exemple.fr, f3@exemple.fr, f4@exemple.fr' })
    const joined = await createAccount(suite.app.ctx, { membership: 'alumni' })
    suite.app.ctx.db
      .update(referralInvitations)
      .set({ joinedUserId: joined.id, joinedAt: new Date() })
      .where(eq(referralInvitations.email, 'f1@exemple.fr'))
      .run()

    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await sessionClient(suite.app.ctx, suite.app.url, webmaster.id)
    const page = await admin.get('/admin/recommandations?tri=conversion&ordre=desc')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Recommandations')
    expect(html).toMatch(/aria-sort="descending"[^>]*>.*?Taux de conversion/s)
    expect(html).toContain(referrer.lastName)

    const byPromotion = await (await admin.get('/admin/recommandations?vue=promotions&tri=promotion&ordre=asc')).text()
    expect(byPromotion).toContain(`>${promotion}<`)

    const csv = await admin.get('/admin/recommandations.csv?vue=parrains&tri=sent')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = Buffer.from(await csv.arrayBuffer())
    // A BOM so that Excel reads UTF-8 (fetch's text() would strip it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const body = bytes.toString('utf8')
    const line = body.split('\r\n').find((l) => l.includes(referrer.lastName))!
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(line).toContain(`;${promotion};4;1;1;25`)
    const promotions = await (await admin.get('/admin/recommandations.csv?vue=promotions')).text()
    expect(promotions.split('\r\n')[0]).toBe('Promotion;Envoyées;Comptes créés;Cotisations;Taux de conversion (%)')

    expect((await referrer.client.get('/admin/recommandations')).status).toBe(403)
    expect((await referrer.client.get('/admin/recommandations.csv')).status).toBe(403)
  })

  it('at erasure, keeps the referrer’s invitations detached (« Ancien membre ») and deletes the invitee’s', async () => {
    const referrer = await member(nextPromotion++)
    await invite(referrer.client, { emails: 'efface.moi@exemple.fr, reste.la@exemple.fr' })
    const invitee = await createAccount(suite.app.ctx, { email: 'efface.moi@exemple.fr', membership: 'alumni' })
    suite.app.ctx.db
      .update(referralInvitations)
      .set({ joinedUserId: invitee.id, joinedAt: new Date() })
      .where(eq(referralInvitations.email, invitee.email))
      .run()
    const kept = rowsTo('reste.la@exemple.fr')[0]!

    await eraseAccount(suite.app.ctx, { userId: invitee.id, by: null, baseUrl: suite.app.url })
    expect(rowsTo('efface.moi@exemple.fr')).toEqual([])
    await eraseAccount(suite.app.ctx, { userId: referrer.id, by: null, baseUrl: suite.app.url })
    expect(rowsTo('reste.la@exemple.fr')).toMatchObject([{ id: kept.id, referrerId: null }])
    const landing = await (await new HttpClient(suite.app.url).get(`/rejoindre/${kept.token}`)).text()
    expect(landing).toContain('Un membre vous invite à rejoindre')
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const csv = await (await (await sessionClient(suite.app.ctx, suite.app.url, webmaster.id)).get('/admin/recommandations.csv')).text()
    expect(csv).toContain('Ancien membre;')
  })
})
