import { beforeAll, describe, expect, it } from 'vitest'
import { and, eq, like, sql } from 'drizzle-orm'
import { addressOptOuts, campaigns, consentEvents, graduates, groupMembers, outbox, users } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { newsUnsubscribeUrl } from '../../app/features/campaigns/campaign-mail.server'
import { campaignById, countRecipients, createDraft, runCampaignSend, startCampaignSend } from '../../app/features/campaigns/campaigns.server'
import { resumeCampaignSends } from '../../app/features/campaigns/jobs.server'
import type { CampaignProgress, Segment } from '../../app/features/campaigns/schema'
import { isOptedOut, optOut } from '../../app/features/outreach/opt-outs.server'
import { hasConsent, newsRecipientIds, setConsent } from '../../app/features/privacy/consents.server'
import { matchKey } from '../../app/features/roster/names'
import { createAccount, groupOfTwo, TEST_PASSWORD } from '../factories'
import { deliverQueued as deliver } from '../support/deliver'
import { HttpClient } from '../support/http'
import { mailSuite } from '../support/mail-suite'
import { memberSocket } from '../support/sockets'

// « La lettre de l'Amicale » (issue #17) against the real app: who a segment counts (consents and
// opt-outs honoured, one mail per address), the send in batches through the durable queue and a
// real SMTP server, the safe Markdown, the one-click unsubscribe, and the webmasters-only pages.
// The app's own sender is stopped: mails stay queued until a test delivers them.
const suite = mailSuite('10.73.0')
let webmaster: Awaited<ReturnType<typeof createAccount>>
let admin: HttpClient

beforeAll(async () => {
  await suite.app.mailSender.stop()
  webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni', promotion: 1950 })
  admin = suite.client()
  await admin.login(webmaster.email, TEST_PASSWORD)
})

const deliverQueued = () => deliver(suite)
const count = (segment: Segment) => countRecipients(suite.app.ctx, segment)
const members = (n: number, promotion: number) =>
  Promise.all(Array.from({ length: n }, () => createAccount(suite.app.ctx, { membership: 'alumni', promotion })))
const withdrawNews = (userId: string) => setConsent(suite.app.ctx, { userId, consent: 'news', granted: false, via: 'centre' })
const lettersOf = (campaignId: number) =>
  suite.app.ctx.db
    .select({ to: outbox.to, status: outbox.status, key: outbox.dedupeKey })
    .from(outbox)
    .where(like(outbox.dedupeKey, `campaign:${campaignId}:%`))
    .all()
const queuedTo = (email: string, kind = 'campaigns.letter') =>
  suite.app.ctx.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.to, email), eq(outbox.kind, kind), eq(outbox.status, 'queued')))
    .all()

let graduateSeq = 0
function graduate(values: { email: string | null; firstName?: string; userId?: string | null; promotion?: number }) {
  const now = new Date()
  const firstName = values.firstName ?? `Prénom${++graduateSeq}`
  const lastName = `Diplômé${graduateSeq}`
  const promotion = values.promotion ?? 1990
  return suite.app.ctx.db
    .insert(graduates)
    .values({
      lastName,
      firstName,
      promotion,
      email: values.email,
      matchKey: matchKey(lastName, firstName, promotion),
      userId: values.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: graduates.id })
    .get().id
}

/** A draft written through the page; its id from the redirect. */
async function saveDraft(form: Record<string, string>, client = admin) {
  const response = await client.post('/admin/lettres/nouvelle', {
    intent: 'save',
    subject: 'Des nouvelles',
    body: 'Bonjour à tous.',
    segment: 'members',
    ...form,
  })
  expect(response.status, await response.clone().text()).toBe(302)
  const id = Number(/\/admin\/lettres\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1])
  expect(id).toBeGreaterThan(0)
  return id
}

async function waitUntilSent(id: number) {
  await expect.poll(() => campaignById(suite.app.ctx, id)?.status, { timeout: 10_000 }).toBe('sent')
  return campaignById(suite.app.ctx, id)!
}

describe('segment counts', () => {
  it('counts each kind of segment after consents and opt-outs, once per address', async () => {
    const { ctx } = suite.app
    const before = { members: count({ kind: 'members' }), registered: count({ kind: 'registered' }), roster: count({ kind: 'roster' }) }

    // Members of 1961 (one withdrew the news, one is deactivated) and one of 1962.
    const [a, b, withdrawn] = await members(3, 1961)
    await createAccount(ctx, { membership: 'alumni', promotion: 1961, status: 'deactivated' })
    await members(1, 1962)
    withdrawNews(withdrawn.id)
    // Registered accounts: two, and one who withdrew the news.
    await Promise.all([1, 2].map(() => createAccount(ctx)))
    withdrawNews((await createAccount(ctx)).id)
    // A group of two active members, and one asking to join (not yet a member).
    const group = await groupOfTwo(ctx, 'Voile et régates', 'Pour celles et ceux qui naviguent.')
    const pending = await createAccount(ctx, { membership: 'alumni' })
    ctx.db.insert(groupMembers).values({ groupId: group.groupId, userId: pending.id, status: 'pending', joinedAt: new Date() }).run()
    // The graduates' list: one address twice (in two cases), one that is an account's, one claimed,
    // one without an address, one that asked « ne plus m'écrire », and one more.
    graduate({ email: 'marie.curie@exemple.fr' })
    graduate({ email: 'Marie.Curie@Exemple.fr' })
    graduate({ email: a.email })
    graduate({ email: 'reclame@exemple.fr', userId: b.id })
    graduate({ email: null })
    graduate({ email: 'plus-jamais@exemple.fr' })
    optOut(ctx, 'plus-jamais@exemple.fr')
    graduate({ email: 'pierre.curie@exemple.fr' })

    expect(count({ kind: 'promotions', promotions: [1961] })).toEqual({ recipients: 2, excluded: 1 })
    expect(count({ kind: 'promotions', promotions: [1961, 1962] })).toEqual({ recipients: 3, excluded: 1 })
    expect(count({ kind: 'groups', groupIds: [group.groupId] })).toEqual({ recipients: 2, excluded: 0 })
    // a, b, the one of 1962, the group's two, the pending one: six more members, one more excluded.
    expect(count({ kind: 'members' })).toEqual({ recipients: before.members.recipients + 6, excluded: before.members.excluded + 1 })
    expect(count({ kind: 'registered' })).toEqual({ recipients: before.registered.recipients + 2, excluded: before.registered.excluded + 1 })
    expect(count({ kind: 'roster' })).toEqual({ recipients: before.roster.recipients + 2, excluded: before.roster.excluded + 1 })

    // The page says it before sending, with how many were left out.
    const id = await saveDraft({ segment: 'promotions', promotions: '1961' })
    const page = await (await admin.get(`/admin/lettres/${id}`)).text()
    expect(page).toContain('2 destinataires aujourd’hui.')
    expect(page).toContain('1 personne n’est comptée')
    // A range counts the same as the years written out.
    const range = await saveDraft({ segment: 'promotions', promotions: '1961 - 1962' })
    expect(await (await admin.get(`/admin/lettres/${range}`)).text()).toContain('3 destinataires aujourd’hui.')
  })

  it('news is given unless withdrawn: a new account receives letters, and comes back after giving it again', async () => {
    const person = await createAccount(suite.app.ctx)
    expect(hasConsent(suite.app.ctx, person.id, 'news')).toBe(true)
    expect(newsRecipientIds(suite.app.ctx)).toContain(person.id)
    withdrawNews(person.id)
    expect(newsRecipientIds(suite.app.ctx)).not.toContain(person.id)
    setConsent(suite.app.ctx, { userId: person.id, consent: 'news', granted: true, via: 'centre' })
    expect(newsRecipientIds(suite.app.ctx)).toContain(person.id)
  })
})

describe('sending', () => {
  it('writes the letter in batches to the queue, live to the webmasters, and it arrives by SMTP safe and with its unsubscribe links', async () => {
    const people = await members(55, 1971)
    suite.app.ctx.database.sqlite.prepare("update users set locale = 'en' where id = ?").run(people[1].id)
    const body = [
      'Chers amis,',
      '',
      'Un **gala** et une [page](https://exemple.fr/gala?x=1&y=2) ; <script>alert(1)</script> <img src="https://pistage.example/p.gif">',
      '',
      '- [piège](javascript:alert(1))',
      '- ![photo](https://exemple.fr/photo.png)',
      '- écrire à [nous](mailto:contact@exemple.fr)',
    ].join('\n')
    const id = await saveDraft({ subject: 'Le gala revient', body, segment: 'promotions', promotions: '1971' })

    const socket = await memberSocket(suite.app.url, webmaster.email)
    const seen: CampaignProgress[] = []
    socket.on('campaign:progress', (p: CampaignProgress) => p.campaignId === id && seen.push(p))
    const joined = await socket.emitWithAck('campaign:watch', { campaignId: id })
    expect(joined).toEqual({ ok: true, progress: { campaignId: id, status: 'draft', total: 0, queued: 0 } })

    // The box must be ticked.
    const unticked = await admin.post(`/admin/lettres/${id}`, { intent: 'send' })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Cochez la case pour confirmer l’envoi.')
    const sent = await admin.post(`/admin/lettres/${id}`, { intent: 'send', confirm: 'on' })
    expect(sent.status).toBe(302)
    expect(await waitUntilSent(id)).toMatchObject({ total: 55, queued: 55 })
    await expect.poll(() => seen.at(-1)?.status).toBe('sent')
    expect(seen.map((p) => p.queued)).toEqual([0, 50, 55, 55])
    socket.disconnect()

    const letters = lettersOf(id)
    expect(letters).toHaveLength(55)
    expect(new Set(letters.map((l) => l.to.toLowerCase())).size).toBe(55)
    await deliverQueued()

    const mail = await suite.smtp.waitForMail((m) => m.to.includes(people[0].email) && m.subject.startsWith('Le gala revient'))
    expect(mail.subject).toBe('Le gala revient — Amicale des diplômés')
    expect(mail.text).toContain(`Bonjour ${people[0].firstName},`)
    expect(mail.html).toContain('<strong>gala</strong>')
    expect(mail.html).toContain('href="https://exemple.fr/gala?x=1&amp;y=2"')
    expect(mail.html).toContain('href="mailto:contact@exemple.fr"')
    // Nothing of the webmaster's text is markup: no script, no image (no pixel), no javascript: link.
    expect(mail.html).not.toMatch(/<script|<img/i)
    expect(mail.html).not.toMatch(/href="javascript/i)
    expect(mail.html).toContain('&lt;script&gt;')
    expect(mail.text).toContain('page (https://exemple.fr/gala?x=1&y=2)')
    // The unsubscribe: one click for the mail client, the link and the consent centre in the footer.
    const header = (name: string) => mail.parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r\n\s+/g, ' ')
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/\S+\/lettre\/desabonnement\/\S+>$/)
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(mail.text).toMatch(/Ne plus recevoir la lettre de l’Amicale\s*:\s*http:\/\/\S+\/lettre\/desabonnement\//)
    expect(mail.text).toMatch(/Gérer tous mes consentements\s*:\s*http:\/\/\S+\/mon-compte\/donnees\/consentements/)

    // In the recipient's language: the chrome in English, the letter as written.
    const english = await suite.smtp.waitForMail((m) => m.to.includes(people[1].email) && m.subject.startsWith('Le gala revient'))
    expect(english.text).toContain(`Hello ${people[1].firstName},`)
    expect(english.text).toContain('Stop receiving the Amicale’s letter')

    // A letter that went out can no longer be edited, sent again or deleted.
    for (const intent of ['save', 'preview', 'test', 'send', 'delete']) {
      const again = await admin.post(`/admin/lettres/${id}`, { intent, confirm: 'on', subject: 'x', body: 'y', segment: 'members' })
      expect(again.status, intent).toBe(409)
      expect(await again.text()).toContain('Cette lettre est déjà partie')
    }
    expect(campaignById(suite.app.ctx, id)).toMatchObject({ subject: 'Le gala revient', status: 'sent' })
  })

  it('previews the letter in the page and sends a test to the webmaster only', async () => {
    const id = await saveDraft({ subject: 'Essai de lettre', body: 'Un **mot** et <b>rien</b> de plus.', segment: 'members' })
    const preview = await admin.post(`/admin/lettres/${id}`, {
      intent: 'preview',
      subject: 'Essai de lettre',
      body: 'Un **mot** et <b>rien</b> de plus.',
      segment: 'members',
    })
    expect(preview.status).toBe(302)
    expect(preview.headers.get('location')).toBe(`/admin/lettres/${id}?apercu=1#apercu`)
    const page = await (await admin.get(`/admin/lettres/${id}?apercu=1`)).text()
    expect(page).toContain(`Bonjour ${webmaster.firstName},`)
    expect(page).toContain('<strong>mot</strong>')
    expect(page).not.toContain('<b>rien</b>')

    const test = await admin.post(`/admin/lettres/${id}`, {
      intent: 'test',
      subject: 'Essai de lettre',
      body: 'Un **mot** et <b>rien</b> de plus.',
      segment: 'members',
    })
    expect(test.status).toBe(302)
    const tests = suite.app.ctx.db.select({ to: outbox.to, subject: outbox.subject }).from(outbox).where(eq(outbox.kind, 'campaigns.test')).all()
    expect(tests).toEqual([{ to: webmaster.email, subject: '[Essai] Essai de lettre — Amicale des diplômés' }])
    expect(lettersOf(id)).toEqual([])
    expect(campaignById(suite.app.ctx, id)?.status).toBe('draft')
  })

  it('two clicks at once start one send, and two runners at once write each address once', async () => {
    const people = await members(70, 1981)
    const id = await saveDraft({ subject: 'Une seule fois', segment: 'promotions', promotions: '1981' })
    const other = suite.client()
    await other.login(webmaster.email, TEST_PASSWORD)
    const answers = await Promise.all([admin, other].map((c) => c.post(`/admin/lettres/${id}`, { intent: 'send', confirm: 'on' })))
    expect(answers.map((r) => r.status).sort()).toEqual([302, 409])
    // The page's background run, and two more runners beside it.
    await Promise.all([runCampaignSend(suite.app.ctx, id, suite.app.url), runCampaignSend(suite.app.ctx, id, suite.app.url)])
    expect(await waitUntilSent(id)).toMatchObject({ total: 70, queued: 70 })
    const letters = lettersOf(id)
    expect(letters).toHaveLength(70)
    expect(new Set(letters.map((l) => l.to)).size).toBe(70)
    expect(letters.map((l) => l.to).sort()).toEqual(people.map((p) => p.email.toLowerCase()).sort())
  })

  it('a send interrupted after a batch is carried on by the sweep, without a second mail to anyone', async () => {
    await members(60, 1982)
    const viewer = loadViewer(suite.app.ctx, webmaster.id)!
    const id = createDraft(suite.app.ctx, viewer, { subject: 'Reprise', body: 'Texte.', segment: { kind: 'promotions', promotions: [1982] } })
    expect(startCampaignSend(suite.app.ctx, id)).toMatchObject({ ok: true, progress: { total: 60, queued: 0, status: 'sending' } })
    // The process « stops » after its first batch.
    expect(await runCampaignSend(suite.app.ctx, id, suite.app.url, () => true)).toMatchObject({ status: 'sending', queued: 50 })
    expect(lettersOf(id)).toHaveLength(50)
    await resumeCampaignSends(suite.app.ctx, suite.app.url)
    expect(campaignById(suite.app.ctx, id)).toMatchObject({ status: 'sent', queued: 60, total: 60 })
    expect(lettersOf(id)).toHaveLength(60)
    // A second pass finds nothing more to do.
    await resumeCampaignSends(suite.app.ctx, suite.app.url)
    expect(lettersOf(id)).toHaveLength(60)
  })
})

describe('unsubscribing', () => {
  it('the one-click link withdraws the news consent and calls back the letter still queued; a forged one is a 404', async () => {
    const [person, bystander] = await members(2, 1991)
    const viewer = loadViewer(suite.app.ctx, webmaster.id)!
    const id = createDraft(suite.app.ctx, viewer, { subject: 'Avant le départ', body: 'Texte.', segment: { kind: 'promotions', promotions: [1991] } })
    startCampaignSend(suite.app.ctx, id)
    await runCampaignSend(suite.app.ctx, id, suite.app.url)
    expect(queuedTo(person.email)).toHaveLength(1)

    const link = new URL(newsUnsubscribeUrl(suite.app.ctx, suite.app.url, person.id))
    const visitor = new HttpClient(suite.app.url)
    // Opening the link changes nothing (mail scanners open links): a page with one button.
    const page = await visitor.get(link.pathname)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Ne plus recevoir la lettre</button>')
    expect(html).toContain('Gérer tous mes consentements')
    expect(hasConsent(suite.app.ctx, person.id, 'news')).toBe(true)

    // The mail client's one-click POST (RFC 8058) comes without an Origin.
    const oneClick = await visitor.request(link.pathname, {
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      origin: null,
    })
    expect(oneClick.status).toBe(200)
    expect(hasConsent(suite.app.ctx, person.id, 'news')).toBe(false)
    expect(
      suite.app.ctx.db
        .select({ granted: consentEvents.granted, via: consentEvents.via })
        .from(consentEvents)
        .where(and(eq(consentEvents.userId, person.id), eq(consentEvents.consent, 'news')))
        .all(),
    ).toEqual([{ granted: false, via: 'unsubscribe' }])
    expect(queuedTo(person.email)).toEqual([])
    expect(queuedTo(bystander.email)).toHaveLength(1)
    // Twice is once; the button says it is done.
    const again = await visitor.post(link.pathname, {})
    expect(await again.text()).toContain('vous ne recevrez plus la lettre de l’Amicale')
    expect(count({ kind: 'promotions', promotions: [1991] })).toEqual({ recipients: 1, excluded: 1 })

    // Forged or altered tokens: not found, and nothing changes.
    const token = link.pathname.split('/').pop()!
    const forged = `${bystander.id}.${token.split('.')[1]}`
    for (const bad of [forged, 'nimporte', 'x.', `${token}x`, 'a'.repeat(400)]) {
      expect((await visitor.get(`/lettre/desabonnement/${encodeURIComponent(bad)}`)).status, bad).toBe(404)
      expect((await visitor.post(`/lettre/desabonnement/${encodeURIComponent(bad)}`, {})).status, bad).toBe(404)
    }
    expect(hasConsent(suite.app.ctx, bystander.id, 'news')).toBe(true)
  })

  it('a graduates’ list person gets the letter in French with « Ne plus m’écrire », and that link works', async () => {
    const address = 'ada.lovelace@exemple.fr'
    graduate({ email: address, firstName: 'Ada' })
    const id = await saveDraft({ subject: 'Rejoignez-nous', segment: 'roster' })
    expect((await admin.post(`/admin/lettres/${id}`, { intent: 'send', confirm: 'on' })).status).toBe(302)
    await waitUntilSent(id)
    await deliverQueued()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(address) && m.subject.startsWith('Rejoignez-nous'))
    expect(mail.text).toContain('Bonjour Ada,')
    expect(mail.text).toMatch(/Ne plus recevoir d’invitations de l’Amicale\s*:\s*http:\/\/\S+\/ne-plus-ecrire\//)
    const header = mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')
    expect(header).toMatch(/^List-Unsubscribe: <http:\/\/\S+\/ne-plus-ecrire\/\S+>$/)
    // « Ne plus m'écrire » takes the mail client's one-click POST too, and there is no consent centre to link to.
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(mail.text).not.toContain('consentements')
    // Each address once, though the list held Marie Curie twice.
    expect(suite.smtp.mails.filter((m) => m.subject.startsWith('Rejoignez-nous') && m.to.includes('marie.curie@exemple.fr'))).toHaveLength(1)

    const link = new URL(/\/ne-plus-ecrire\/\S+/.exec(mail.text)![0], suite.app.url)
    const visitor = new HttpClient(suite.app.url)
    expect((await visitor.get(link.pathname)).status).toBe(200)
    expect((await visitor.post(link.pathname, {})).status).toBe(200)
    expect(isOptedOut(suite.app.ctx.db, address)).toBe(true)
    expect(suite.app.ctx.db.select().from(addressOptOuts).where(eq(addressOptOuts.email, address)).all()).toHaveLength(1)
    const roster = count({ kind: 'roster' })
    graduate({ email: 'autre.personne@exemple.fr' })
    expect(count({ kind: 'roster' })).toEqual({ recipients: roster.recipients + 1, excluded: roster.excluded })
  })
})

describe('rights and hostile input', () => {
  it('answers 403 to members and registered accounts on every page and intent, and sends visitors to log in', async () => {
    const viewer = loadViewer(suite.app.ctx, webmaster.id)!
    const id = createDraft(suite.app.ctx, viewer, { subject: 'Réservé', body: 'Texte.', segment: { kind: 'members' } })
    const paths = ['/admin/lettres', '/admin/lettres/nouvelle', `/admin/lettres/${id}`]
    for (const kind of ['member', 'registered'] as const) {
      const account = await createAccount(suite.app.ctx, { membership: kind === 'member' ? 'alumni' : null })
      const client = suite.client()
      await client.login(account.email, TEST_PASSWORD)
      for (const path of paths) expect((await client.get(path)).status, `${kind} GET ${path}`).toBe(403)
      for (const intent of ['save', 'preview', 'test', 'send', 'delete']) {
        for (const path of paths.slice(1)) {
          const response = await client.post(path, { intent, confirm: 'on', subject: 'Pirate', body: 'x', segment: 'members' })
          expect(response.status, `${kind} ${intent} ${path}`).toBe(403)
        }
      }
    }
    const visitor = new HttpClient(suite.app.url)
    expect((await visitor.get('/admin/lettres')).status).toBe(302)
    expect((await visitor.post(`/admin/lettres/${id}`, { intent: 'delete' })).status).toBe(302)
    // Nothing changed, nothing was queued.
    expect(campaignById(suite.app.ctx, id)).toMatchObject({ subject: 'Réservé', status: 'draft' })
    expect(
      suite.app.ctx.db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'campaigns.test'))
        .all()
        .filter((m) => m.to !== webmaster.email),
    ).toEqual([])
    // A socket of a member cannot watch a letter.
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const socket = await memberSocket(suite.app.url, member.email)
    expect(await socket.emitWithAck('campaign:watch', { campaignId: id })).toEqual({ ok: false, error: 'forbidden' })
    expect(await socket.emitWithAck('campaign:watch', { campaignId: 'x' })).toEqual({ ok: false, error: 'invalid' })
    socket.disconnect()
  })

  it('answers a bad form with a 400 and the French message next to its field, saving nothing', async () => {
    const group = await groupOfTwo(suite.app.ctx, 'Randonnée', 'Les sentiers du dimanche.')
    const base = { intent: 'save', subject: 'Une lettre', body: 'Un texte.', segment: 'members' }
    const cases: [Record<string, string>, string, string][] = [
      [{ subject: '' }, 'subject', 'Ce champ est obligatoire.'],
      [{ subject: 'x'.repeat(201) }, 'subject', 'Ce champ est trop long (200 caractères au plus).'],
      [{ body: '   ' }, 'body', 'Ce champ est obligatoire.'],
      [{ body: 'mot '.repeat(5001) }, 'body', 'Ce champ est trop long (20\u202f000 caractères au plus).'],
      [{ body: 'x'.repeat(4500) }, 'body', 'Un paragraphe dépasse 4\u202f000 caractères'],
      [{ segment: 'everyone' }, 'segment', 'Choisissez les destinataires.'],
      [{ segment: 'promotions', promotions: '' }, 'promotions', 'Indiquez au moins une promotion.'],
      [{ segment: 'promotions', promotions: 'deux mille dix' }, 'promotions', 'Écrivez des années ou des intervalles'],
      [{ segment: 'promotions', promotions: '2014-2010' }, 'promotions', 'Écrivez des années ou des intervalles'],
      [{ segment: 'promotions', promotions: '1800' }, 'promotions', 'Cette promotion n’existe pas'],
      [{ segment: 'groups' }, 'groupIds', 'Cochez au moins un groupe.'],
      [{ segment: 'groups', groupIds: '99999' }, 'groupIds', 'Ce groupe n’existe pas ou n’est plus actif.'],
      [{ segment: 'groups', groupIds: 'abc' }, 'groupIds', 'Ce groupe n’existe pas ou n’est plus actif.'],
    ]
    const before = suite.app.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(campaigns)
      .get()!.n
    for (const [fields, field, message] of cases) {
      const response = await admin.post('/admin/lettres/nouvelle', { ...base, ...fields })
      expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(400)
      const html = await response.text()
      // The message sits in the field's own error, tied to it, and in the summary at the top.
      expect(html, field).toMatch(new RegExp(`id="field-${field}-error"[^>]*>(?:<[^>]+>)*[^<]*${message.replace(/[()]/g, '\\$&')}`))
    }
    // Unknown intent, and the intents that need a saved letter.
    for (const [form, message] of [
      [{ ...base, intent: 'explode' }, 'Ce formulaire n’est pas reconnu.'],
      [{ intent: 'send', confirm: 'on' }, 'Enregistrez d’abord la lettre.'],
      [{ intent: 'delete' }, 'Enregistrez d’abord la lettre.'],
    ] as const) {
      const response = await admin.post('/admin/lettres/nouvelle', form)
      expect(response.status).toBe(400)
      expect(await response.text()).toContain(message)
    }
    expect(
      suite.app.ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(campaigns)
        .get()!.n,
    ).toBe(before)
    // A line break in the subject (a mail header) is a space.
    const oneLine = await saveDraft({ subject: 'Une ligne\r\nBcc: pirate@exemple.fr' })
    expect(campaignById(suite.app.ctx, oneLine)?.subject).toBe('Une ligne Bcc: pirate@exemple.fr')
    // A good group, ticked: saved.
    expect(await saveDraft({ segment: 'groups', groupIds: String(group.groupId) })).toBeGreaterThan(0)
    // Letters that do not exist.
    for (const path of ['/admin/lettres/abc', '/admin/lettres/0', '/admin/lettres/99999', '/admin/lettres/1.5']) {
      expect((await admin.get(path)).status, path).toBe(404)
    }
  })

  it('deletes a draft, and only a draft', async () => {
    const id = await saveDraft({ subject: 'À jeter' })
    const response = await admin.post(`/admin/lettres/${id}`, { intent: 'delete' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/admin/lettres')
    expect(campaignById(suite.app.ctx, id)).toBeNull()
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, webmaster.id)).get()).toBeDefined()
  })

  it('lists the letters with their status and counts, paginated', async () => {
    const page = await (await admin.get('/admin/lettres')).text()
    expect(page).toContain('Le gala revient')
    expect(page).toContain('Envoyée')
    expect(page).toContain('Brouillon')
    expect(page).toContain('55 sur 55')
    expect(page).toContain('Nouvelle lettre')
  })
})
