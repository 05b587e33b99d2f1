import { spawn } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { and, eq, like } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { dataExports, documentAccesses, erasures, outbox, privacyRequests, users } from '../../db/schema'
import { buildPendingExports } from '../../app/features/privacy/exports.server'
import { remindDuePrivacyRequests } from '../../app/features/privacy/requests.server'
import { addDays, addMonths, deadlineOf, parisDay, requestState } from '../../app/features/privacy/requests-schema'
import { startPrivacyRequestReminders } from '../../server/jobs/privacy'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { firstLink } from '../support/smtp'

// /admin/rgpd (issue #16): requests received by mail or post, against a real database and a real
// SMTP server — recorded with their deadline, extended once, reminded a week before (once, even
// with two processes), answered by the one-click export or erasure, refused to anyone but a webmaster.

const suite = mailSuite('10.87.16')
const ctx = () => suite.app.ctx
const today = () => parisDay(ctx().now())
const requestRow = (id: number) => ctx().db.select().from(privacyRequests).where(eq(privacyRequests.id, id)).get()!

let webmaster: Awaited<ReturnType<typeof createAccount>>
let admin: ReturnType<typeof suite.client>
beforeAll(async () => {
  webmaster = await createAccount(ctx(), { role: 'webmaster', membership: 'alumni' })
  admin = await loggedIn(webmaster.email)
})

async function loggedIn(email: string) {
  const client = suite.client()
  await client.login(email, TEST_PASSWORD)
  return client
}

const recordForm = (fields: Record<string, string> = {}) => ({
  intent: 'record',
  kind: 'access',
  requesterName: 'Jeanne Martin',
  requesterEmail: '',
  accountEmail: '',
  channel: 'post',
  receivedOn: today(),
  details: 'Lettre reçue au siège : elle demande une copie de ses données.',
  ...fields,
})

/** Records a request through the form (an index route's action answers at `?index`) and returns its id. */
async function record(fields: Record<string, string> = {}): Promise<number> {
  const response = await admin.post('/admin/rgpd?index', recordForm(fields))
  expect(response.status, await response.clone().text()).toBe(302)
  const location = response.headers.get('location')!
  expect(location).toMatch(/^\/admin\/rgpd\/\d+$/)
  return Number(location.split('/').pop())
}

/** Runs `body` with the app's clock at `at` (the routes and the use cases read ctx.now). */
async function at<T>(instant: Date, body: () => Promise<T> | T): Promise<T> {
  const real = ctx().now
  ctx().now = () => new Date(instant)
  try {
    return await body()
  } finally {
    ctx().now = real
  }
}

describe('recording a request', () => {
  it('shows every error next to its field, in French, and never answers 500 to a forged form', async () => {
    const empty = await admin.post('/admin/rgpd?index', { intent: 'record' })
    expect(empty.status).toBe(400)
    const html = await empty.text()
    for (const message of ['Choisissez le type de demande.', 'Indiquez le nom du demandeur.', 'Indiquez comment la demande est arrivée.'])
      expect(html).toContain(message)
    expect(html).toContain('Il y a un problème')
    expect(html).toMatch(/id="field-kind-error"/)

    const cases: { fields: Record<string, string>; message: string }[] = [
      { fields: { receivedOn: addDays(today(), 1) }, message: 'La date de réception ne peut pas être dans le futur.' },
      { fields: { receivedOn: addDays(addMonths(today(), -12), -1) }, message: 'remonte à plus d’un an' },
      { fields: { receivedOn: '2026-02-30' }, message: 'Saisissez la date de réception' },
      { fields: { receivedOn: 'hier' }, message: 'Saisissez la date de réception' },
      { fields: { requesterEmail: 'pas-une-adresse' }, message: 'Saisissez une adresse e-mail valide' },
      { fields: { accountEmail: 'personne@nulle-part.example' }, message: 'Aucun compte n’a cette adresse e-mail.' },
      { fields: { details: 'x'.repeat(4001) }, message: 'Ce champ est trop long' },
      { fields: { requesterName: '   ' }, message: 'Indiquez le nom du demandeur.' },
      { fields: { kind: 'portability' }, message: 'Choisissez le type de demande.' },
      { fields: { channel: 'pigeon' }, message: 'Indiquez comment la demande est arrivée.' },
    ]
    for (const { fields, message } of cases) {
      const response = await admin.post('/admin/rgpd?index', recordForm(fields))
      expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(400)
      expect(await response.text()).toContain(message)
    }
    // What was typed stays in the form.
    const kept = await admin.post('/admin/rgpd?index', recordForm({ receivedOn: addDays(today(), 3), requesterName: 'Camille Ébrard' }))
    expect(await kept.text()).toContain('value="Camille Ébrard"')
    // An unknown form or a body that is no form: 400, not 500.
    expect((await admin.post('/admin/rgpd?index', { intent: 'delete-all' })).status).toBe(400)
    expect(
      (await admin.request('/admin/rgpd?index', { method: 'POST', body: '%%%', headers: { 'content-type': 'multipart/form-data; boundary=x' } })).status,
    ).toBe(400)
  })

  it('records who recorded it, links the account by its address in any case, and says the deadline', async () => {
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const id = await record({ requesterEmail: member.email.toUpperCase(), requesterName: `${member.firstName} ${member.lastName}` })
    const row = requestRow(id)
    expect(row).toMatchObject({ kind: 'access', userId: member.id, recordedBy: webmaster.id, status: 'open', channel: 'post', remindedAt: null })
    expect(row.dueAt).toEqual(deadlineOf(today(), false))
    const page = await admin.get(`/admin/rgpd/${id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Demande d’accès de')
    expect(html).toContain(member.email)
    expect(html).toContain('Réponse attendue au plus tard le')
    // The account named apart from the requester's address wins; without either, no account.
    const other = await createAccount(ctx(), { membership: 'alumni' })
    expect(requestRow(await record({ requesterEmail: 'avocat@cabinet.example', accountEmail: other.email })).userId).toBe(other.id)
    expect(requestRow(await record({ requesterEmail: 'inconnu@exemple.fr' })).userId).toBeNull()
    // The list shows it, the most urgent first.
    const list = await (await admin.get('/admin/rgpd')).text()
    expect(list).toContain(`/admin/rgpd/${id}`)
    expect(list).toContain('Journal des accès aux documents')
    expect(list).toContain('href="/admin/rgpd/acces"')
  })
})

describe('the deadline', () => {
  it('is one calendar month after receipt, in Paris: 31 January gives the last day of February', () => {
    expect(deadlineOf('2026-01-31', false)).toEqual(new Date('2026-02-28T22:59:59.999Z'))
    expect(deadlineOf('2028-01-31', false)).toEqual(new Date('2028-02-29T22:59:59.999Z'))
    expect(deadlineOf('2026-03-15', false)).toEqual(new Date('2026-04-15T21:59:59.999Z')) // summer time
    expect(deadlineOf('2026-12-31', false)).toEqual(new Date('2027-01-31T22:59:59.999Z'))
    // Extended: three months from receipt, so 31 January gives 30 April (not 28 April).
    expect(deadlineOf('2026-01-31', true)).toEqual(new Date('2026-04-30T21:59:59.999Z'))
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28')
  })

  it('is computed from the date typed, as the Paris calendar has it', async () => {
    const id = await at(new Date('2026-02-10T09:00:00Z'), () => record({ receivedOn: '2026-01-31' }))
    const row = requestRow(id)
    expect(row.receivedAt).toEqual(new Date('2026-01-30T23:00:00.000Z'))
    expect(row.dueAt).toEqual(new Date('2026-02-28T22:59:59.999Z'))
    // Just after midnight in Paris (still the day before in UTC) « today » is already the next day.
    const late = await at(new Date('2026-03-04T23:30:00Z'), () => record({ receivedOn: '2026-03-05' }))
    expect(requestRow(late).dueAt).toEqual(new Date('2026-04-05T21:59:59.999Z'))
  })

  it('shows « En retard » once passed and « J-N » in the last week', async () => {
    const overdue = await record({ receivedOn: addDays(today(), -40), requesterName: 'Paul En-Retard' })
    const soon = await record({ receivedOn: addDays(addMonths(today(), -1), 3), requesterName: 'Lina Bientôt' })
    expect(requestState(requestRow(overdue), ctx().now())).toBe('overdue')
    expect(requestState(requestRow(soon), ctx().now())).toBe('dueSoon')
    const list = await (await admin.get('/admin/rgpd')).text()
    expect(list).toContain('En retard')
    expect(list).toMatch(/J-[0-7]</)
    expect(await (await admin.get(`/admin/rgpd/${overdue}`)).text()).toMatch(/En retard de \d+ jours/)
  })
})

describe('extending the deadline', () => {
  it('needs a reason, adds two months once, and not after the first month', async () => {
    const received = addDays(today(), -5)
    const id = await record({ receivedOn: received })
    const none = await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: '  ' })
    expect(none.status).toBe(400)
    expect(await none.text()).toContain('Indiquez le motif de la prolongation.')
    ctx().db.update(privacyRequests).set({ remindedAt: ctx().now() }).where(eq(privacyRequests.id, id)).run()

    const extended = await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: 'Trois comptes et des archives papier à rapprocher.' })
    expect(extended.status).toBe(302)
    const row = requestRow(id)
    expect(row).toMatchObject({ extensionReason: 'Trois comptes et des archives papier à rapprocher.', remindedAt: null })
    expect(row.dueAt).toEqual(deadlineOf(received, true))
    expect(await (await admin.get(`/admin/rgpd/${id}`)).text()).toContain('Trois comptes et des archives papier à rapprocher.')

    const again = await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: 'Encore.' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Le délai a déjà été prolongé une fois')
    expect(requestRow(id).dueAt).toEqual(deadlineOf(received, true))

    const late = await record({ receivedOn: addDays(today(), -35) })
    const tooLate = await admin.post(`/admin/rgpd/${late}`, { intent: 'extend', reason: 'Trop tard.' })
    expect(tooLate.status).toBe(409)
    expect(requestRow(late).extensionReason).toBeNull()
  })
})

describe('closing a request', () => {
  it('as answered or refused; a refusal needs its reason; then nothing more can be done', async () => {
    const id = await record()
    const noStatus = await admin.post(`/admin/rgpd/${id}`, { intent: 'close', outcome: 'Fait.' })
    expect(noStatus.status).toBe(400)
    expect(await noStatus.text()).toContain('Choisissez la suite donnée.')
    const refusedBare = await admin.post(`/admin/rgpd/${id}`, { intent: 'close', status: 'refused', outcome: '' })
    expect(refusedBare.status).toBe(400)
    expect(await refusedBare.text()).toContain('Un refus doit être motivé')
    const refused = await admin.post(`/admin/rgpd/${id}`, {
      intent: 'close',
      status: 'refused',
      outcome: 'Identité non établie malgré notre relance du 3 mars.',
    })
    expect(refused.status).toBe(302)
    expect(requestRow(id)).toMatchObject({ status: 'refused', handledBy: webmaster.id, outcome: 'Identité non établie malgré notre relance du 3 mars.' })
    expect(requestRow(id).handledAt).not.toBeNull()
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'close', status: 'done', outcome: '' })).status).toBe(409)
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: 'Après coup.' })).status).toBe(409)
    const closedList = await (await admin.get('/admin/rgpd?vue=cloturees')).text()
    expect(closedList).toContain(`/admin/rgpd/${id}`)
    expect(closedList).toContain('Refusée')
  })
})

describe('the reminder a week before', () => {
  function runWorker(startAt: number, nowMs: number) {
    return new Promise<{ requests: number; mails: number; startedAt: number; endedAt: number }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/support/remind-worker.ts', ctx().config.DATABASE_PATH, ctx().config.DATA_DIR, String(startAt), String(nowMs)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk))
      child.stderr.on('data', (chunk: Buffer) => (out += chunk))
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker exited ${code}: ${out}`))))
    })
  }
  const remindersFor = (id: number) =>
    ctx()
      .db.select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'privacy.request.reminder'), like(outbox.dedupeKey, `privacy-request:${id}:%`)))
      .all()

  it('mails every active webmaster once, in their language, even with two processes at the same instant', { timeout: 30_000 }, async () => {
    const english = await createAccount(ctx(), { role: 'webmaster', membership: 'alumni' })
    ctx().db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id)).run()
    const away = await createAccount(ctx(), { role: 'webmaster', membership: 'alumni', status: 'deactivated' })
    // Mark every request recorded so far as reminded: this test counts its own.
    ctx().db.update(privacyRequests).set({ remindedAt: ctx().now() }).run()
    const soon = await record({ receivedOn: addDays(addMonths(today(), -1), 4), requesterName: 'Rémi Rappel' })
    const later = await record({ receivedOn: addDays(today(), -2), requesterName: 'Léa Plus-Tard' })
    const active = ctx()
      .db.select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'webmaster'), eq(users.status, 'active')))
      .all().length

    // Two processes at the same instant, then this one twice: one claim in all.
    const startAt = Date.now() + 2500
    const runs = await Promise.all([runWorker(startAt, ctx().now().getTime()), runWorker(startAt, ctx().now().getTime())])
    const here = [remindDuePrivacyRequests(ctx()), remindDuePrivacyRequests(ctx())]
    expect([...runs, ...here].reduce((n, r) => n + r.requests, 0)).toBe(1)
    expect(remindersFor(soon)).toHaveLength(active)
    expect(remindersFor(later)).toHaveLength(0)
    expect(requestRow(soon).remindedAt).not.toBeNull()

    const mail = await suite.smtp.waitForMail((m) => m.to.includes(webmaster.email) && m.subject.startsWith('Une demande sur des données personnelles'))
    expect(firstLink(mail, `/admin/rgpd/${soon}`)).toMatch(new RegExp(`/admin/rgpd/${soon}$`))
    expect(mail.text).toContain('Rémi Rappel')
    expect(mail.text).toContain(`Bonjour ${webmaster.firstName}`)
    const inEnglish = await suite.smtp.waitForMail((m) => m.to.includes(english.email) && m.subject.startsWith('A request about personal data'))
    expect(inEnglish.text).toContain('Rémi Rappel')
    // Delivered once each: wait for the sender to have nothing left, then count.
    await expect.poll(() => remindersFor(soon).every((m) => m.status === 'sent'), { timeout: 10_000 }).toBe(true)
    const received = suite.smtp.mails.filter((m) => new RegExp(`/admin/rgpd/${soon}(?!\\d)`).test(m.text))
    expect(received).toHaveLength(active)
    expect(received.filter((m) => m.to.includes(webmaster.email))).toHaveLength(1)
    expect(suite.smtp.mailsTo(away.email)).toHaveLength(0)
  })

  it('is sent by the server’s job, which started with the retention job', async () => {
    ctx().db.update(privacyRequests).set({ remindedAt: ctx().now() }).run()
    const id = await record({ receivedOn: addDays(addMonths(today(), -1), 2), requesterName: 'Jade Tâche' })
    const job = startPrivacyRequestReminders(ctx(), 100)
    try {
      await expect.poll(() => requestRow(id).remindedAt, { timeout: 5000, interval: 50 }).not.toBeNull()
    } finally {
      await job.stop()
    }
    await suite.smtp.waitForMail((m) => m.to.includes(webmaster.email) && m.text.includes('Jade Tâche'))
  })

  it('comes again for the new deadline once the request is extended', async () => {
    ctx().db.update(privacyRequests).set({ remindedAt: ctx().now() }).run()
    const received = addDays(addMonths(today(), -1), 5)
    const id = await record({ receivedOn: received, requesterName: 'Noé Prolongé' })
    expect(remindDuePrivacyRequests(ctx()).requests).toBe(1)
    expect(remindersFor(id).length).toBeGreaterThan(0)
    const first = remindersFor(id).length
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: 'Demande portant sur dix ans d’archives.' })).status).toBe(302)
    // Not due within a week any more: nothing now.
    expect(remindDuePrivacyRequests(ctx()).requests).toBe(0)
    // Five days before the new deadline: the reminder again, for that deadline.
    const newDue = requestRow(id).dueAt
    await at(new Date(newDue.getTime() - 5 * 86400_000), () => expect(remindDuePrivacyRequests(ctx()).requests).toBe(1))
    expect(remindersFor(id)).toHaveLength(2 * first)
  })
})

describe('the one-click export', () => {
  it('builds the archive tied to the request, which the webmaster downloads (logged in the person’s access log)', { timeout: 30_000 }, async () => {
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const id = await record({ kind: 'access', requesterEmail: member.email })
    const asked = await admin.post(`/admin/rgpd/${id}`, { intent: 'export' })
    expect(asked.status).toBe(302)
    const row = ctx().db.select().from(dataExports).where(eq(dataExports.requestId, id)).get()!
    expect(row).toMatchObject({ userId: member.id, requestedBy: webmaster.id })
    // A second click while it is being prepared or ready: refused, not a second archive.
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'export' })).status).toBe(409)
    await buildPendingExports(ctx())
    expect(ctx().db.select().from(dataExports).where(eq(dataExports.id, row.id)).get()?.status).toBe('ready')

    const page = await (await admin.get(`/admin/rgpd/${id}`)).text()
    expect(page).toContain(`/mon-compte/donnees/export/${row.id}`)
    expect(page).toContain('Télécharger l’archive')
    const download = await admin.get(`/mon-compte/donnees/export/${row.id}`)
    expect(download.status).toBe(200)
    const zip = unzipSync(new Uint8Array(await download.arrayBuffer()))
    expect(strFromU8(zip['compte.json']!)).toContain(member.email)
    expect(ctx().db.select().from(documentAccesses).where(eq(documentAccesses.documentId, row.id)).all()).toEqual([
      expect.objectContaining({ actorId: webmaster.id, subjectUserId: member.id, document: 'export' }),
    ])
    // The person sees that opening in « Mes données ».
    const person = await loggedIn(member.email)
    expect(await (await person.get('/mon-compte/donnees')).text()).toContain(`${webmaster.firstName} ${webmaster.lastName}`)
  })

  it('is refused for another kind of request, or one without an account', async () => {
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const erasure = await record({ kind: 'erasure', requesterEmail: member.email })
    expect((await admin.post(`/admin/rgpd/${erasure}`, { intent: 'export' })).status).toBe(409)
    const orphan = await record({ kind: 'access' })
    expect((await admin.post(`/admin/rgpd/${orphan}`, { intent: 'export' })).status).toBe(409)
    expect(ctx().db.select().from(dataExports).where(eq(dataExports.requestId, erasure)).all()).toEqual([])
  })
})

describe('the one-click erasure', () => {
  it('needs the box ticked and a request of kind erasure', async () => {
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const id = await record({ kind: 'erasure', requesterEmail: member.email })
    const unticked = await admin.post(`/admin/rgpd/${id}`, { intent: 'erase' })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Cochez la case pour confirmer l’effacement.')
    const access = await record({ kind: 'access', requesterEmail: member.email })
    expect((await admin.post(`/admin/rgpd/${access}`, { intent: 'erase', confirm: 'on' })).status).toBe(409)
    expect(ctx().db.select().from(users).where(eq(users.id, member.id)).get()?.status).toBe('active')
    expect(requestRow(id).status).toBe('open')
    // Not the webmaster's own account: « Mes données » asks for its password.
    const own = await record({ kind: 'erasure', requesterEmail: webmaster.email })
    expect((await admin.post(`/admin/rgpd/${own}`, { intent: 'erase', confirm: 'on' })).status).toBe(409)
    expect(ctx().db.select().from(users).where(eq(users.id, webmaster.id)).get()?.status).toBe('active')
  })

  it('erases the account, records the erasure with the request and the webmaster, and closes the request', async () => {
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const id = await record({ kind: 'erasure', requesterEmail: member.email, requesterName: `${member.firstName} ${member.lastName}` })
    const erased = await admin.post(`/admin/rgpd/${id}`, { intent: 'erase', confirm: 'on' })
    expect(erased.status).toBe(302)
    expect(erased.headers.get('location')).toBe(`/admin/rgpd/${id}`)
    const account = ctx().db.select().from(users).where(eq(users.id, member.id)).get()
    expect(account === undefined || account.status === 'erased').toBe(true)
    expect(ctx().db.select().from(users).where(eq(users.email, member.email)).get()).toBeUndefined()
    expect(ctx().db.select().from(erasures).where(eq(erasures.requestId, id)).all()).toEqual([
      expect.objectContaining({ via: 'request', requestId: id, actorId: webmaster.id }),
    ])
    // Closed as done; the registry's anonymisation left no name or address of the person on it.
    expect(requestRow(id)).toMatchObject({ status: 'done', outcome: 'Compte effacé', handledBy: webmaster.id, userId: null, requesterEmail: null })
    expect(JSON.stringify(requestRow(id))).not.toContain(member.lastName)
    // Nowhere in the database is the address left.
    const sqlite = ctx().database.sqlite
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]
    const traces = tables.filter(({ name }) =>
      (sqlite.prepare(`select * from "${name}"`).all() as unknown[]).some((row) => JSON.stringify(row).toLowerCase().includes(member.email.toLowerCase())),
    )
    expect(traces).toEqual([])
    const page = await (await admin.get(`/admin/rgpd/${id}`)).text()
    expect(page).toContain('Compte effacé')
    expect(page).not.toContain(member.email)
    // The person can no longer log in; a second click changes nothing.
    expect((await suite.client().post('/connexion', { email: member.email, password: TEST_PASSWORD })).status).toBe(400)
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'erase', confirm: 'on' })).status).toBe(409)
    expect(ctx().db.select().from(erasures).where(eq(erasures.requestId, id)).all()).toHaveLength(1)
  })
})

describe('rights and hostile addresses', () => {
  it('keeps every page and every form to webmasters: a log-in first, 403 for a member', async () => {
    const id = await record()
    const member = await createAccount(ctx(), { membership: 'alumni' })
    const memberClient = await loggedIn(member.email)
    const anonymous = suite.client()
    const gets = ['/admin/rgpd', '/admin/rgpd?vue=cloturees', `/admin/rgpd/${id}`]
    const posts: [string, Record<string, string>][] = [
      ['/admin/rgpd?index', recordForm()],
      [`/admin/rgpd/${id}`, { intent: 'extend', reason: 'x' }],
      [`/admin/rgpd/${id}`, { intent: 'close', status: 'done', outcome: 'x' }],
      [`/admin/rgpd/${id}`, { intent: 'export' }],
      [`/admin/rgpd/${id}`, { intent: 'erase', confirm: 'on' }],
    ]
    for (const path of gets) {
      expect((await memberClient.get(path)).status, path).toBe(403)
      const response = await anonymous.get(path)
      expect(response.status, path).toBe(302)
      expect(response.headers.get('location')).toMatch(/^\/connexion\?redirectTo=/)
    }
    const before = ctx().db.select().from(privacyRequests).all().length
    for (const [path, form] of posts) {
      expect((await memberClient.post(path, form)).status, `${path} ${form.intent}`).toBe(403)
      expect((await anonymous.post(path, form)).status, `${path} ${form.intent}`).toBe(302)
    }
    expect(ctx().db.select().from(privacyRequests).all()).toHaveLength(before)
    expect(requestRow(id)).toMatchObject({ status: 'open', extensionReason: null })
  })

  it('answers 404 to an address that names no request, and 400 to an unknown form', async () => {
    for (const path of ['/admin/rgpd/abc', '/admin/rgpd/0', '/admin/rgpd/-1', '/admin/rgpd/1e3', '/admin/rgpd/99999999', `/admin/rgpd/${'9'.repeat(40)}`])
      expect((await admin.get(path)).status, path).toBe(404)
    expect((await admin.post('/admin/rgpd/99999999', { intent: 'close', status: 'done' })).status).toBe(404)
    expect((await admin.post('/admin/rgpd/abc', { intent: 'export' })).status).toBe(404)
    const id = await record()
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'supprimer' })).status).toBe(400)
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'close', status: 'perhaps', outcome: 'x' })).status).toBe(400)
    expect((await admin.post(`/admin/rgpd/${id}`, { intent: 'extend', reason: 'x'.repeat(5000) })).status).toBe(400)
  })
})
