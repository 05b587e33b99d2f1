import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { dataExports, erasures, eventRegistrations, events, messages, payments, users } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { registerForEvent, registrationOf } from '../../app/features/events/event-registrations.server'
import { postMessage } from '../../app/features/groups/discussions.server'
import { buildArchive } from '../../app/features/privacy/archive.server'
import { eraseAccount } from '../../app/features/privacy/erasure.server'
import { buildPendingExports } from '../../app/features/privacy/exports.server'
import { privacyRegistry } from '../../app/features/privacy/registry.server'
import { privateDir, storePrivateFile } from '../../app/shared/uploads.server'
import { createAccount, groupOfTwo, jobOfferInput, profileForm, TEST_PASSWORD } from '../factories'
import { createTestEvent } from '../event-factories'
import { files } from '../support/files'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { firstLink, startSmtpServer } from '../support/smtp'
import { memberSocket } from '../support/sockets'

// Issue #16's rights against a real database, real files and a real SMTP server: two members who
// share a group, its thread, an event, an offer and a contact request; one exports, then erases.

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const sqlite = () => app.ctx.database.sqlite
const PNG = files.png()
const PDF = files.pdf()
const now = () => app.ctx.now()
let seq = 0

async function loggedIn(email: string, password = TEST_PASSWORD) {
  const client = new HttpClient(app.url, `10.16.0.${++seq}`)
  await client.login(email, password)
  return client
}

/** Two members with a life on the site: `person` is the one whose data is exported or erased. */
async function twoMembers(label: string) {
  const { owner: other, other: person, groupId, chatId } = await groupOfTwo(app.ctx, `Voile ${label}`, 'Régates du dimanche')
  // Names nobody else has, so that a dump of the database can be searched for them.
  const lastName = `Quenouillard${label}`
  sqlite().prepare('update users set first_name = ?, last_name = ? where id = ?').run('Ysoline', lastName, person.id)
  const browser = await loggedIn(person.email)
  expect((await browser.postMultipart('/mon-compte/profil', profileForm({ company: `Voilerie ${label}`, bio: 'Skipper le week-end.' }))).status).toBe(302)
  const photo = await storePrivateFile(app.ctx.config.DATA_DIR, 'photos', PNG, 'png')
  sqlite().prepare('update profiles set photo = ? where user_id = ?').run(photo, person.id)
  sqlite().prepare('update profiles set bio = ?, company = ? where user_id = ?').run('Secret de l’autre : régatier le mardi.', `Chantier ${label}`, other.id)

  const personViewer = loadViewer(app.ctx, person.id)!
  const otherViewer = loadViewer(app.ctx, other.id)!
  expect(postMessage(app.ctx, otherViewer, { threadId: chatId, body: `Bienvenue à bord ! (${label})`, baseUrl: app.url }).ok).toBe(true)
  expect(postMessage(app.ctx, personViewer, { threadId: chatId, body: `Merci, j’apporte les cirés. (${label})`, baseUrl: app.url }).ok).toBe(true)
  expect(postMessage(app.ctx, otherViewer, { threadId: chatId, body: `Parfait, rendez-vous au ponton. (${label})`, baseUrl: app.url }).ok).toBe(true)

  // An event organized by the other, the person registered; one in the past they attended.
  const eventId = createTestEvent(app.ctx, other.id, { title: `Régate ${label}` })
  expect(registerForEvent(app.ctx, { eventId, userId: person.id, guests: 0 })).toMatchObject({ ok: true })

  // The other's offer, the person's application with a CV; a contact request between them.
  const offer = createJobOffer(app.ctx, other.id, jobOfferInput(now(), { title: `Équipière ${label}` }))
  if (!offer.ok) throw new Error(offer.error)
  approveJobOffer(app.ctx, (await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })).id, offer.id)
  const cv = await storePrivateFile(app.ctx.config.DATA_DIR, 'cvs', PDF, 'pdf')
  sqlite()
    .prepare('insert into job_applications (offer_id, user_id, message, cv_stored_name, cv_original_name, cv_size, created_at) values (?, ?, ?, ?, ?, ?, ?)')
    .run(offer.id, person.id, 'Motivée et disponible.', cv, 'cv-ysoline.pdf', PDF.length, now().getTime())
  sqlite()
    .prepare('insert into contact_requests (from_user_id, to_user_id, message, created_at) values (?, ?, ?, ?)')
    .run(person.id, other.id, 'Bonjour, une question sur la voilerie.', now().getTime())

  // Dues paid (an accounting record), a student proof with its file, a contact form message.
  const paymentId = `pay_${label}`
  sqlite()
    .prepare(
      "insert into payments (id, user_id, category, amount_cents, provider, method, status, reference, receipt_year, receipt_seq, created_at, paid_at) values (?, ?, 'alumni', 10000, 'demo', 'card', 'paid', ?, 2026, ?, ?, ?)",
    )
    .run(paymentId, person.id, `ref_${label}`, 900 + seq, now().getTime(), now().getTime())
  const proof = await storePrivateFile(app.ctx.config.DATA_DIR, 'proofs', PDF, 'pdf')
  sqlite()
    .prepare(
      "insert into student_proofs (id, user_id, stored_name, original_name, mime_type, size, status, uploaded_at) values (?, ?, ?, 'fiche.pdf', 'application/pdf', ?, 'pending', ?)",
    )
    .run(`proof_${label}`, person.id, proof, PDF.length, now().getTime())
  sqlite()
    .prepare(
      "insert into contact_messages (user_id, name, email, subject, body, ip, created_at) values (?, ?, ?, 'Question', 'Comment changer ma promotion ?', '10.1.1.1', ?)",
    )
    .run(person.id, `Ysoline ${lastName}`, person.email, now().getTime())
  // A mail to the other that quotes the person's name and address (the contact request's mail).
  app.ctx.mail.enqueue(
    {
      to: other.email,
      subject: `Ysoline ${lastName} souhaite entrer en relation`,
      text: `Écrivez-lui : ${person.email}`,
      html: `<p>Ysoline ${lastName} — ${person.email}</p>`,
    },
    { kind: 'directory.contact' },
  )
  return { person: { ...person, lastName }, other, groupId, chatId, eventId, offerId: offer.id, paymentId, files: { photo, cv, proof }, browser }
}

/** Rows linked to the person in each declared table, counted straight from the database. */
function linkedCounts(person: { id: string; email: string }) {
  const counts: Record<string, number> = {}
  for (const entry of privacyRegistry)
    for (const link of entry.people) {
      if (link.holds === 'key' || !('columns' in link.export)) continue
      const where = link.holds === 'user' ? `"${link.column}" = ?` : `lower("${link.column}") = lower(?)`
      const n = (
        sqlite()
          .prepare(`select count(*) as n from "${entry.table}" where ${where}`)
          .get(link.holds === 'user' ? person.id : person.email) as { n: number }
      ).n
      if (n > 0) counts[`${entry.table}.${link.column}`] = n
    }
  return counts
}

/** Every row of every table, as text: what a dump of the database would show. */
function dump(): { table: string; row: string }[] {
  const tables = sqlite().prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]
  return tables.flatMap(({ name }) =>
    (sqlite().prepare(`select * from "${name}"`).all() as Record<string, unknown>[]).map((row) => ({
      table: name,
      row: JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value)),
    })),
  )
}

describe('the export (art. 15 and 20)', () => {
  it('holds every declared table’s rows of the person, their files, and nothing private of another member', async () => {
    const seeded = await twoMembers('export')
    const { person, other } = seeded
    const archive = await buildArchive(app.ctx, person.id)
    const zip = unzipSync(archive!.bytes)
    const json = Object.fromEntries(
      Object.entries(zip)
        .filter(([name]) => name.endsWith('.json'))
        .map(([name, bytes]) => [name, JSON.parse(strFromU8(bytes)) as Record<string, Record<string, unknown[]>>]),
    )
    // One file per area, the art. 15 information, a readme.
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        'compte.json',
        'annuaire.json',
        'cotisation-et-paiements.json',
        'evenements-et-billets.json',
        'carriere.json',
        'groupes-et-messages.json',
        'informations-article-15.json',
        'LISEZMOI.txt',
      ]),
    )
    // Every table × link the database has rows of the person in is in the archive, with as many rows.
    const expected = linkedCounts(person)
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(14)
    const inArchive: Record<string, number> = {}
    for (const [file, tables] of Object.entries(json)) {
      if (file === 'informations-article-15.json') continue
      for (const [table, links] of Object.entries(tables))
        for (const [link, rows] of Object.entries(links)) if (!link.startsWith('through:')) inArchive[`${table}.${link}`] = rows.length
    }
    expect(inArchive).toEqual(expected)

    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n')
    // Theirs: the message they wrote, the registration, the application, the payment; their files, byte for byte.
    expect(everything).toContain('Merci, j’apporte les cirés. (export)')
    expect(json['groupes-et-messages.json']!.messages!.author_id).toHaveLength(1)
    // What they saw is named beside its id: the event and its organizer, the group.
    expect(json['evenements-et-billets.json']!.event_registrations!.user_id).toEqual([
      expect.objectContaining({ event: 'Régate export', event_organizer: `${other.firstName} ${other.lastName}`, status: 'confirmed' }),
    ])
    expect(json['groupes-et-messages.json']!.group_members!.user_id).toEqual([expect.objectContaining({ group: 'Voile export' })])
    expect(zip[`fichiers/photos/${seeded.files.photo}`]).toEqual(PNG)
    expect(zip[`fichiers/cvs/${seeded.files.cv}`]).toEqual(PDF)
    expect(zip[`fichiers/proofs/${seeded.files.proof}`]).toEqual(PDF)
    expect(Object.keys(zip).some((name) => /^fichiers\/recus\/recu-cotisation-2026-\d+\.pdf$/.test(name))).toBe(true)
    expect(Object.keys(zip).some((name) => /^fichiers\/billets\/evenement-\d+-.+\.png$/.test(name))).toBe(true)
    // The other appears by name where the person saw them (the contact request), never with their private fields.
    expect(json['annuaire.json']!.contact_requests!.from_user_id![0]).toMatchObject({ to_user_id: `${other.firstName} ${other.lastName}` })
    expect(everything).not.toContain(other.email)
    expect(everything).not.toContain('Secret de l’autre')
    expect(everything).not.toContain('Chantier export')
    expect(everything).not.toContain('Bienvenue à bord ! (export)')
    expect(everything).not.toContain('password_hash')
    // Art. 15: purposes, recipients and retention, in the person's language.
    const information = JSON.parse(strFromU8(zip['informations-article-15.json']!)) as { categories: { category: string; retention: string[] }[] }
    expect(information.categories.map((c) => c.category)).toContain('Cotisation et paiements')
    expect(information.categories.flatMap((c) => c.retention).join(' ')).toContain('10 ans')
  })

  it('is asked with intent=export, mailed when ready, downloads only with the person’s session for 7 days, once a day', async () => {
    const { person, other, browser } = await twoMembers('mail')
    const asked = await browser.post('/mon-compte/donnees', { intent: 'export' })
    expect(asked.status).toBe(302)
    const again = await browser.post('/mon-compte/donnees', { intent: 'export' })
    expect(again.status).toBe(429)
    expect(await again.text()).toContain('Vous avez déjà demandé une archive aujourd’hui')
    await buildPendingExports(app.ctx)
    const mail = await smtp.waitForMail((m) => m.to.includes(person.email) && m.subject.startsWith('Vos données sont prêtes'))
    const link = firstLink(mail, '/mon-compte/donnees/export/')
    const url = new URL(link)
    const download = await browser.get(url.pathname)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/zip')
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''mes-donnees-\d{4}-\d{2}-\d{2}\.zip$/)
    const zip = unzipSync(new Uint8Array(await download.arrayBuffer()))
    expect(strFromU8(zip['compte.json']!)).toContain(person.email)
    // No session: to the log-in page; another member's session, even a webmaster's for a self-asked archive: 404.
    const stranger = new HttpClient(app.url, '10.16.1.1')
    expect((await stranger.get(url.pathname)).status).toBe(302)
    expect((await (await loggedIn(other.email)).get(url.pathname)).status).toBe(404)
    const webmaster = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
    expect((await (await loggedIn(webmaster.email)).get(url.pathname)).status).toBe(404)
    // Seven days later it has expired: 404, and the retention job removes the row and the file.
    const row = app.ctx.db.select().from(dataExports).where(eq(dataExports.userId, person.id)).get()!
    sqlite()
      .prepare('update data_exports set expires_at = ? where id = ?')
      .run(now().getTime() - 1000, row.id)
    expect((await browser.get(url.pathname)).status).toBe(404)
    const { applyRetention } = await import('../../app/features/privacy/jobs.server')
    await applyRetention(
      app.ctx,
      privacyRegistry.filter((e) => e.table === 'data_exports'),
    )
    expect(app.ctx.db.select().from(dataExports).where(eq(dataExports.id, row.id)).get()).toBeUndefined()
    expect(fs.existsSync(path.join(privateDir(app.ctx.config.DATA_DIR, 'exports'), row.storedName!))).toBe(false)
  })
})

describe('the erasure (art. 17)', () => {
  it('asks for the password and the confirmation, with the message next to the field', async () => {
    const { person, browser } = await twoMembers('refus')
    const unticked = await browser.post('/mon-compte/donnees', { intent: 'erase', password: TEST_PASSWORD })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Cochez la case pour confirmer l’effacement.')
    const wrong = await browser.post('/mon-compte/donnees', { intent: 'erase', password: 'pas-le-bon-mot-de-passe', confirm: 'on' })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Le mot de passe actuel est incorrect.')
    expect(app.ctx.db.select().from(users).where(eq(users.id, person.id)).get()?.status).toBe('active')
  })

  it('leaves no trace of the address or the name in the database, keeps accounting rows pseudonymised and others’ threads readable', async () => {
    const seeded = await twoMembers('efface')
    const { person, other, browser } = seeded
    const socketless = await loggedIn(person.email)
    expect(dump().some((r) => r.row.includes(person.email))).toBe(true)
    const observer = await loggedIn(other.email)
    const found = async () => ((await (await observer.get('/api/annuaire?entreprise=Voilerie%20efface')).json()) as { total: number }).total
    expect(await found()).toBe(1)
    const socket = await memberSocket(app.url, person.email)
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve))

    const erased = await browser.post('/mon-compte/donnees', { intent: 'erase', password: TEST_PASSWORD, confirm: 'on' })
    expect(erased.status).toBe(302)
    expect(erased.headers.get('location')).toBe('/')
    // Every session ends: this browser's and the other one's.
    expect((await browser.get('/mon-compte')).status).toBe(302)
    expect((await socketless.get('/mon-compte')).status).toBe(302)
    expect(await dropped).toBe('io server disconnect')
    // The search forgets the person at once.
    await expect.poll(found, { timeout: 1000, interval: 50 }).toBe(0)

    // A dump of the database holds neither the address nor the last name, anywhere.
    const traces = dump().filter((r) => r.row.toLowerCase().includes(person.email.toLowerCase()) || r.row.includes(person.lastName))
    expect(traces).toEqual([])
    // (A log-in attempt with the old address counts against a throttle for a day, like any unknown address: after the dump.)
    expect((await new HttpClient(app.url, '10.16.2.1').post('/connexion', { email: person.email, password: TEST_PASSWORD })).status).toBe(400)
    // Accounting rows are kept, pseudonymised: same amount and receipt, now « Ancien membre ».
    const payment = app.ctx.db.select().from(payments).where(eq(payments.id, seeded.paymentId)).get()!
    expect(payment).toMatchObject({ amountCents: 10000, status: 'paid', receiptYear: 2026 })
    const pseudonym = app.ctx.db.select().from(users).where(eq(users.id, payment.userId)).get()!
    expect(pseudonym).toMatchObject({ firstName: 'Ancien', lastName: 'membre', status: 'erased' })
    expect(pseudonym.id).not.toBe(person.id)
    // The event organized by the other is intact; the future registration was cancelled by the events' rules.
    expect(app.ctx.db.select().from(events).where(eq(events.id, seeded.eventId)).get()?.organizerId).toBe(other.id)
    expect(registrationOf(app.ctx, seeded.eventId, person.id)).toBeFalsy()
    const kept = app.ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, seeded.eventId)).all()
    expect(kept.every((r) => r.status === 'cancelled' && r.userId === pseudonym.id)).toBe(true)
    // Files gone from the disk.
    for (const [area, name] of [
      ['photos', seeded.files.photo],
      ['cvs', seeded.files.cv],
      ['proofs', seeded.files.proof],
    ] as const)
      expect(fs.existsSync(path.join(privateDir(app.ctx.config.DATA_DIR, area), name))).toBe(false)
    // The thread stays readable for the other, the erased member's message signed « Ancien membre ».
    const left = app.ctx.db.select().from(messages).where(eq(messages.threadId, seeded.chatId)).all()
    expect(left.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Bienvenue à bord ! (efface)', 'Merci, j’apporte les cirés. (efface)', 'Parfait, rendez-vous au ponton. (efface)']),
    )
    const page = await observer.get(`/groupes/${seeded.groupId}`)
    const html = await page.text()
    expect(html).toContain('Merci, j’apporte les cirés. (efface)')
    expect(html).toContain('Ancien membre')
    // The audit log says an erasure happened, by whom and how many rows, without the erased data.
    const audit = app.ctx.db.select().from(erasures).all().at(-1)!
    expect(audit).toMatchObject({ via: 'self', actorId: null, pseudonymId: pseudonym.id })
    expect(JSON.parse(audit.summary)).toMatchObject({ messages: { detach: 1 }, payments: { pseudonymise: 1 }, users: { delete: 1 } })
  })

  it('refuses to run for an account already erased', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    await eraseAccount(app.ctx, { userId: member.id, by: null, baseUrl: app.url })
    await expect(eraseAccount(app.ctx, { userId: member.id, by: null, baseUrl: app.url })).rejects.toThrow()
  })
})
