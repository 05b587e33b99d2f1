import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { electionCandidacies, elections, memberships } from '../../db/schema'
import { openDatabase } from '../../db/client'
import { pendingCandidacies, publishCandidatesIfDue, publishedCandidates } from '../../app/features/elections/candidacies.server'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { careersTestApp } from '../support/careers'

// Candidacies (#18): apply, withdraw, re-apply; the webmasters' decisions mailed; the list
// published at the close in a drawn order, once, and only when nothing is pending.
const t = careersTestApp('10.18.3')
const DAY = 86_400_000

/** An election row straight in the database; by default its candidacy window is open. */
function createElection(overrides: Partial<typeof elections.$inferInsert> = {}) {
  const now = t.app.ctx.now().getTime()
  const id = crypto.randomBytes(9).toString('base64url')
  t.app.ctx.db
    .insert(elections)
    .values({
      id,
      title: `Élection du bureau ${id}`,
      seats: 2,
      candidacyOpensAt: new Date(now - DAY),
      candidacyClosesAt: new Date(now + DAY),
      rollAt: new Date(now + 2 * DAY),
      votingOpensAt: new Date(now + 5 * DAY),
      votingClosesAt: new Date(now + 7 * DAY),
      createdAt: new Date(now - 2 * DAY),
      updatedAt: new Date(now - 2 * DAY),
      ...overrides,
    })
    .run()
  return id
}

function closeWindow(id: string) {
  const now = t.app.ctx.now().getTime()
  t.app.ctx.db
    .update(elections)
    .set({ candidacyClosesAt: new Date(now - 1000) })
    .where(eq(elections.id, id))
    .run()
}

async function member(options: Parameters<typeof createAccount>[1] = {}) {
  const account = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2012, ...options })
  // Dues paid a while ago: eligible « at now » whatever the clock does in the test.
  t.app.ctx.db
    .update(memberships)
    .set({ activatedAt: new Date(t.app.ctx.now().getTime() - 30 * DAY) })
    .where(eq(memberships.userId, account.id))
    .run()
  const browser = await sessionClient(t.app.ctx, t.app.url, account.id)
  return { account, browser }
}

const candidacy = (electionId: string, userId: string) =>
  t.app.ctx.db
    .select()
    .from(electionCandidacies)
    .where(and(eq(electionCandidacies.electionId, electionId), eq(electionCandidacies.userId, userId)))
    .get()

async function apply(browser: Awaited<ReturnType<typeof member>>['browser'], id: string, statement: string) {
  return browser.post(`/elections/${id}/candidature`, { intent: 'apply', statement })
}

describe('applying', () => {
  it('applies, withdraws with confirmation, re-applies on the same row back to pending', async () => {
    const id = createElection()
    const { account, browser } = await member()
    const page = await browser.get(`/elections/${id}/candidature`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Profession de foi')

    expect((await apply(browser, id, 'Je me présente pour **animer** le réseau.')).status).toBe(302)
    const first = candidacy(id, account.id)!
    expect(first).toMatchObject({ status: 'pending', name: `${account.firstName} ${account.lastName}`, promotion: 2012 })

    const unconfirmed = await browser.post(`/elections/${id}/candidature`, { intent: 'withdraw' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer le retrait.')
    expect(candidacy(id, account.id)!.status).toBe('pending')

    expect((await browser.post(`/elections/${id}/candidature`, { intent: 'withdraw', confirm: 'on' })).status).toBe(302)
    expect(candidacy(id, account.id)!.status).toBe('withdrawn')

    expect((await apply(browser, id, 'Finalement, je me représente.')).status).toBe(302)
    const again = candidacy(id, account.id)!
    expect(again).toMatchObject({ id: first.id, status: 'pending', statement: 'Finalement, je me représente.' })
  })

  it('refuses 3,001 characters next to the field, and an empty statement', async () => {
    const id = createElection()
    const { account, browser } = await member()
    const long = await apply(browser, id, 'a'.repeat(3001))
    expect(long.status).toBe(400)
    const html = await long.text()
    expect(html).toMatch(/La profession de foi ne doit pas dépasser 3\s?000 caractères\./u)
    expect(html).toMatch(/aria-describedby="[^"]*statement[^"]*error/)
    expect((await apply(browser, id, '   ')).status).toBe(400)
    expect(candidacy(id, account.id)).toBeUndefined()
    expect((await apply(browser, id, 'a'.repeat(3000))).status).toBe(302)
  })

  it('refuses a registered non-member (403), an ineligible member (403) and outside the window (409), in French', async () => {
    const id = createElection({ eligibility: 'alumni_members' })
    const registered = await createAccount(t.app.ctx)
    const regBrowser = await sessionClient(t.app.ctx, t.app.url, registered.id)
    const page = await regBrowser.get(`/elections/${id}/candidature`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('il faut être membre cotisant')
    const r1 = await apply(regBrowser, id, 'Bonjour')
    expect(r1.status).toBe(403)

    const student = await member({ membership: 'student', promotion: 2027 })
    const r2 = await apply(student.browser, id, 'Bonjour')
    expect(r2.status).toBe(403)
    expect(await r2.text()).toContain('Vous n’êtes pas éligible à cette élection.')

    const future = createElection({
      candidacyOpensAt: new Date(t.app.ctx.now().getTime() + DAY),
      candidacyClosesAt: new Date(t.app.ctx.now().getTime() + 2 * DAY),
    })
    const alumni = await member()
    const r3 = await apply(alumni.browser, future, 'Bonjour')
    expect(r3.status).toBe(409)
    expect(await r3.text()).toContain('Les candidatures sont closes')
    expect(candidacy(future, alumni.account.id)).toBeUndefined()

    expect((await apply(alumni.browser, id, 'Bonjour')).status).toBe(302)
    closeWindow(id)
    const late = await alumni.browser.post(`/elections/${id}/candidature`, { intent: 'withdraw', confirm: 'on' })
    expect(late.status).toBe(409)
    expect(candidacy(id, alumni.account.id)!.status).toBe('pending')

    expect((await regBrowser.get('/elections/nope/candidature')).status).toBe(404)
  })
})

describe('deciding and publishing', () => {
  it('mails validations and refusals with the reason; the candidate sees the reason; the list waits for pending ones', async () => {
    const id = createElection()
    const webmaster = await member({ role: 'webmaster' })
    const a = await member()
    const b = await member()
    const c = await member()
    for (const m of [a, b, c]) expect((await apply(m.browser, id, `Candidat ${m.account.lastName}`)).status).toBe(302)

    // Not for members.
    expect((await a.browser.get(`/admin/elections/${id}/candidatures`)).status).toBe(403)
    const admin = await webmaster.browser.get(`/admin/elections/${id}/candidatures`)
    expect(admin.status).toBe(200)
    expect(await admin.text()).toContain('En attente (3)')

    const idOf = (m: typeof a) => String(candidacy(id, m.account.id)!.id)
    const noReason = await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'refuse', candidacyId: idOf(b), reason: ' ' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('Indiquez le motif du refus')
    const tooLong = await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'refuse', candidacyId: idOf(b), reason: 'x'.repeat(1001) })
    expect(tooLong.status).toBe(400)
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: 'abc' })).status).toBe(400)
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: '999999' })).status).toBe(404)

    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: idOf(a) })).status).toBe(302)
    const reason = 'Votre texte contient des propos injurieux <b>envers</b> un membre.'
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'refuse', candidacyId: idOf(b), reason })).status).toBe(302)

    const validatedMail = await t.smtp.waitForMail((m) => m.to.includes(a.account.email))
    expect(validatedMail.subject).toContain('Votre candidature est validée')
    expect(validatedMail.text).toContain(`/elections/${id}/candidature`)
    const refusedMail = await t.smtp.waitForMail((m) => m.to.includes(b.account.email))
    expect(refusedMail.subject).toContain('n’a pas été retenue')
    expect(refusedMail.text).toContain(reason)
    expect(refusedMail.html).not.toContain('<b>envers</b>')

    const seen = await (await b.browser.get(`/elections/${id}/candidature`)).text()
    expect(seen).toContain('Refusée')
    expect(seen).toContain('propos injurieux')
    // A refused candidate cannot reopen it themselves.
    expect((await apply(b.browser, id, 'Encore moi')).status).toBe(409)

    closeWindow(id)
    expect(pendingCandidacies(t.app.ctx.db, id)).toBe(1)
    expect(publishCandidatesIfDue(t.app.ctx, { id })).toBe('pending')
    const waiting = await (await webmaster.browser.get(`/admin/elections/${id}/candidatures`)).text()
    expect(waiting).toContain('Une candidature attend votre décision')
    expect(await (await a.browser.get(`/elections/${id}/candidats`)).text()).toContain('dès que les webmasters auront examiné')

    // Deciding the last one after the close publishes the list on the next page.
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: idOf(c) })).status).toBe(302)
    const list = publishedCandidates(t.app.ctx.db, id)
    expect(list.map((x) => x.userId).sort()).toEqual([a.account.id, c.account.id].sort())
    expect(list.map((x) => x.position)).toEqual([1, 2])
    // Published: decisions are final.
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'refuse', candidacyId: idOf(a), reason: 'Trop tard' })).status).toBe(
      409,
    )
  })

  it('renders hostile Markdown inert on the published list', async () => {
    const id = createElection()
    const webmaster = await member({ role: 'webmaster' })
    const m = await member()
    const hostile = [
      '<script>alert("x")</script>',
      '[clic](javascript:alert(1)) et [ok](https://exemple.fr/programme)',
      '<img src=x onerror="alert(2)">',
      '**gras** et *italique*',
      '- un\n- deux',
    ].join('\n\n')
    expect((await apply(m.browser, id, hostile)).status).toBe(302)
    const cid = String(candidacy(id, m.account.id)!.id)
    expect((await webmaster.browser.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: cid })).status).toBe(302)
    closeWindow(id)
    const page = await m.browser.get(`/elections/${id}/candidats`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('tiré au sort')
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toMatch(/href="javascript:/i)
    expect(html).toContain('&lt;script&gt;alert')
    expect(html).toContain('href="https://exemple.fr/programme"')
    expect(html).toContain('<strong>gras</strong>')
    // No photo: the initials carry the name as their accessible name.
    expect(html).toContain(`aria-label="${m.account.firstName} ${m.account.lastName}"`)
  })

  it('before the close the list page says when it will be published', async () => {
    const id = createElection()
    const m = await member()
    const html = await (await m.browser.get(`/elections/${id}/candidats`)).text()
    expect(html).toContain('La liste sera publiée à la clôture des candidatures le')
    const registered = await createAccount(t.app.ctx)
    expect((await (await sessionClient(t.app.ctx, t.app.url, registered.id)).get(`/elections/${id}/candidats`)).status).toBe(403)
  })

  it('draws a permutation of the validated candidacies only, and publishes once under concurrent calls', async () => {
    const id = createElection()
    const people = await Promise.all(Array.from({ length: 6 }, () => member()))
    for (const p of people) expect((await apply(p.browser, id, `Programme ${p.account.lastName}`)).status).toBe(302)
    const rows = people.map((p) => candidacy(id, p.account.id)!)
    const now = t.app.ctx.now()
    // Four validated, one refused, one withdrawn.
    t.app.ctx.db.update(electionCandidacies).set({ status: 'validated', decidedAt: now }).where(eq(electionCandidacies.electionId, id)).run()
    t.app.ctx.db.update(electionCandidacies).set({ status: 'refused', refusalReason: 'Non' }).where(eq(electionCandidacies.id, rows[4]!.id)).run()
    t.app.ctx.db.update(electionCandidacies).set({ status: 'withdrawn' }).where(eq(electionCandidacies.id, rows[5]!.id)).run()
    expect(publishCandidatesIfDue(t.app.ctx, { id })).toBe('notDue')
    closeWindow(id)

    // Several connections to the same file, as several processes would have.
    const connections = Array.from({ length: 4 }, () => openDatabase(t.app.ctx.config.DATABASE_PATH))
    try {
      const outcomes = await Promise.all(connections.map(async (c) => publishCandidatesIfDue({ ...t.app.ctx, db: c.db }, { id })))
      const pages = await Promise.all(people.slice(0, 3).map((p) => p.browser.get(`/elections/${id}/candidats`)))
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200])
      expect(outcomes.filter((o) => o === 'published')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'already')).toHaveLength(3)
    } finally {
      for (const c of connections) c.sqlite.close()
    }
    const list = publishedCandidates(t.app.ctx.db, id)
    expect(list.map((c) => c.position)).toEqual([1, 2, 3, 4])
    expect(list.map((c) => c.id).sort()).toEqual(
      rows
        .slice(0, 4)
        .map((r) => String(r.id))
        .sort(),
    )
    const again = publishedCandidates(t.app.ctx.db, id).map((c) => c.id)
    expect(publishCandidatesIfDue(t.app.ctx, { id })).toBe('already')
    expect(publishedCandidates(t.app.ctx.db, id).map((c) => c.id)).toEqual(again)
    const refusedOrWithdrawn = [rows[4]!, rows[5]!].map((r) => t.app.ctx.db.select().from(electionCandidacies).where(eq(electionCandidacies.id, r.id)).get()!)
    expect(refusedOrWithdrawn.map((r) => r.position)).toEqual([null, null])
  })

  it('says the election cannot be held with no validated candidate at the close', async () => {
    const id = createElection()
    const webmaster = await member({ role: 'webmaster' })
    closeWindow(id)
    const html = await (await webmaster.browser.get(`/admin/elections/${id}/candidatures`)).text()
    expect(html).toContain('l’élection ne peut pas se tenir ainsi')
    expect(t.app.ctx.db.select().from(elections).where(eq(elections.id, id)).get()!.candidatesPublishedAt).not.toBeNull()
  })
})
