import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { electionContests, electionRoll, elections, electionTrustees, memberships, outbox, users } from '../../db/schema'
import { openDatabase } from '../../db/client'
import { freezeRollIfDue, openContests } from '../../app/features/elections/roll.server'
import { utcToZonedInput } from '../../app/shared/zoned-time'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { careersTestApp } from '../support/careers'

// The election's setup (#18): creating it (every rule refused next to its field), the trustees
// mailed, editing until the seal, cancelling; the roll frozen once at its date from the dues then
// active; contests answered and mailed; who sees which page.
const t = careersTestApp('10.18.1')
const DAY = 86_400_000

async function member(options: Parameters<typeof createAccount>[1] = {}, paidDaysAgo = 30) {
  const account = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2010, ...options })
  if (options.membership !== null)
    t.app.ctx.db
      .update(memberships)
      .set({ activatedAt: new Date(t.app.ctx.now().getTime() - paidDaysAgo * DAY) })
      .where(eq(memberships.userId, account.id))
      .run()
  const browser = await sessionClient(t.app.ctx, t.app.url, account.id)
  return { account, browser }
}

const paris = (offsetDays: number) => utcToZonedInput(new Date(t.app.ctx.now().getTime() + offsetDays * DAY), 'Europe/Paris')

function validForm(trustees: string[], overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Élection du bureau 2027',
    description: 'Le bureau compte cinq membres élus pour deux ans.',
    seats: '3',
    candidacyOpensAt: paris(1),
    candidacyClosesAt: paris(10),
    rollAt: paris(12),
    votingOpensAt: paris(14),
    votingClosesAt: paris(16),
    eligibility: 'members',
    threshold: '2',
    tieRule: 'drawn-order',
    ...Object.fromEntries(trustees.map((id, i) => [`trustee${i + 1}`, id])),
    ...overrides,
  }
}

const electionCount = () =>
  t.app.ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(elections)
    .get()!.n
const electionRow = (id: string) => t.app.ctx.db.select().from(elections).where(eq(elections.id, id)).get()!
const idFrom = (location: string | null) => /\/admin\/elections\/([^/?#]+)$/.exec(location ?? '')![1]!

/** An election straight in the database; by default its roll date has just passed. */
function insertElection(overrides: Partial<typeof elections.$inferInsert> = {}) {
  const now = t.app.ctx.now().getTime()
  const id = crypto.randomBytes(9).toString('base64url')
  t.app.ctx.db
    .insert(elections)
    .values({
      id,
      title: `Élection ${id}`,
      seats: 2,
      candidacyOpensAt: new Date(now - 10 * DAY),
      candidacyClosesAt: new Date(now - 2 * DAY),
      rollAt: new Date(now - 1000),
      votingOpensAt: new Date(now + 5 * DAY),
      votingClosesAt: new Date(now + 7 * DAY),
      createdAt: new Date(now - 20 * DAY),
      updatedAt: new Date(now - 20 * DAY),
      ...overrides,
    })
    .run()
  return id
}

describe('creating an election', () => {
  it('creates a draft with its trustees in order, each mailed a link to the trustee page', async () => {
    const webmaster = await member({ role: 'webmaster' })
    const trustees = await Promise.all([member(), member(), member()])
    const page = await webmaster.browser.get('/admin/elections/nouvelle')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('membres dont la cotisation est active à la date de la liste')
    expect(html).toContain('ordre du tirage au sort')

    const res = await webmaster.browser.post(
      '/admin/elections/nouvelle',
      validForm(
        trustees.map((m) => m.account.email.toUpperCase()),
        { requireMailCode: 'on' },
      ),
    )
    expect(res.status).toBe(302)
    const id = idFrom(res.headers.get('location'))
    expect(electionRow(id)).toMatchObject({ state: 'draft', seats: 3, threshold: 2, requireMailCode: true, createdBy: webmaster.account.id })
    const rows = t.app.ctx.db.select().from(electionTrustees).where(eq(electionTrustees.electionId, id)).orderBy(electionTrustees.position).all()
    expect(rows.map((r) => [r.position, r.userId, r.name])).toEqual(
      trustees.map((m, i) => [i + 1, m.account.id, `${m.account.firstName} ${m.account.lastName}`]),
    )
    for (const m of trustees) {
      const mail = await t.smtp.waitForMail((x) => x.to.includes(m.account.email) && x.subject.includes('assesseur'))
      expect(mail.text).toContain(`/elections/${id}/assesseur`)
      expect(mail.text).toContain('Élection du bureau 2027')
      expect(mail.text).toContain('ne peut lire un bulletin isolé')
    }
    const kinds = t.app.ctx.db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.kind, 'elections.trustee.invited')).all()
    expect(kinds.length).toBeGreaterThanOrEqual(3)
    // The dates were read as Paris times.
    expect(electionRow(id).votingOpensAt.getTime()).toBe(new Date(Math.floor((t.app.ctx.now().getTime() + 14 * DAY) / 60_000) * 60_000).getTime())
  })

  it('refuses each broken rule with a French message next to its field, and creates nothing', async () => {
    const webmaster = await member({ role: 'webmaster' })
    const [a, b, c] = await Promise.all([member(), member(), member()])
    const registered = await createAccount(t.app.ctx)
    const ids = [a.account.email, b.account.email, c.account.email]
    const cases: [string, Record<string, string>, string, string][] = [
      ['no title', { title: '  ' }, 'title', 'Indiquez le titre de l’élection.'],
      ['title too long', { title: 'x'.repeat(201) }, 'title', 'Le titre ne doit pas dépasser 200 caractères.'],
      ['description too long', { description: 'x'.repeat(2001) }, 'description', 'La présentation ne doit pas dépasser'],
      ['no seat', { seats: '0' }, 'seats', 'Indiquez un nombre de sièges entre 1 et 30.'],
      ['31 seats', { seats: '31' }, 'seats', 'Indiquez un nombre de sièges entre 1 et 30.'],
      ['seats not a number', { seats: 'trois' }, 'seats', 'Indiquez un nombre de sièges entre 1 et 30.'],
      ['not a date', { rollAt: '2026-13-40T25:00' }, 'rollAt', 'Indiquez une date et une heure valides.'],
      ['a missing date', { votingClosesAt: '' }, 'votingClosesAt', 'Indiquez la date et l’heure.'],
      [
        'candidacies close before they open',
        { candidacyClosesAt: paris(0.5) },
        'candidacyClosesAt',
        'La clôture des candidatures doit venir après leur ouverture.',
      ],
      [
        'voting opens before candidacies close',
        { votingOpensAt: paris(9), rollAt: paris(8) },
        'votingOpensAt',
        'Le vote ne peut ouvrir qu’après la clôture des candidatures.',
      ],
      ['voting closes before it opens', { votingClosesAt: paris(13) }, 'votingClosesAt', 'La clôture du vote doit venir après son ouverture.'],
      ['roll after voting opens', { rollAt: paris(15) }, 'rollAt', 'La liste électorale doit être arrêtée au plus tard à l’ouverture du vote.'],
      ['unknown eligibility', { eligibility: 'everyone' }, 'eligibility', 'Choisissez qui vote et se présente.'],
      ['unknown tie rule', { tieRule: 'coin' }, 'tieRule', 'Choisissez la règle en cas d’égalité.'],
      ['threshold 0', { threshold: '0' }, 'threshold', 'Indiquez un nombre d’assesseurs nécessaires entre 1 et 9.'],
      ['threshold above the trustees', { threshold: '4' }, 'threshold', 'Le nombre nécessaire ne peut dépasser le nombre d’assesseurs choisis.'],
      ['the same trustee twice', { trustee3: a.account.email.toUpperCase() }, 'trustee1', 'Un même membre ne peut être assesseur deux fois.'],
      ['no trustee', { trustee1: '', trustee2: '', trustee3: '' }, 'trustee1', 'Choisissez au moins un assesseur.'],
      ['an unknown trustee', { trustee2: 'personne@exemple.fr' }, 'trustee2', 'Aucun membre cotisant n’a un compte à cette adresse.'],
      ['a registered non-member as trustee', { trustee3: registered.email }, 'trustee3', 'Aucun membre cotisant n’a un compte à cette adresse.'],
    ]
    const before = electionCount()
    for (const [name, overrides, field, message] of cases) {
      const res = await webmaster.browser.post('/admin/elections/nouvelle', validForm(ids, overrides))
      expect(res.status, name).toBe(400)
      const html = await res.text()
      expect(html, name).toContain(message)
      expect(html, name).toContain(`id="field-${field}-error"`)
    }
    // Every error at once: a form broken in three places shows the three.
    const many = await (await webmaster.browser.post('/admin/elections/nouvelle', validForm(ids, { title: '', seats: '99', rollAt: paris(15) }))).text()
    for (const m of ['Indiquez le titre', 'entre 1 et 30', 'au plus tard à l’ouverture du vote']) expect(many).toContain(m)
    expect(electionCount()).toBe(before)
  })

  it('is for webmasters only', async () => {
    const alumni = await member()
    for (const path of ['/admin/elections', '/admin/elections/nouvelle']) expect((await alumni.browser.get(path)).status).toBe(403)
    expect((await alumni.browser.post('/admin/elections/nouvelle', validForm([alumni.account.email]))).status).toBe(403)
    const webmaster = await member({ role: 'webmaster' })
    expect((await webmaster.browser.get('/admin/elections')).status).toBe(200)
    expect((await webmaster.browser.get('/admin/elections/inconnue')).status).toBe(404)
  })
})

describe('editing and cancelling', () => {
  it('edits a draft and mails a new trustee; refuses trustee changes once step 1 is published, and any edit once sealed', async () => {
    const webmaster = await member({ role: 'webmaster' })
    const [a, b, c, d] = await Promise.all([member(), member(), member(), member()])
    const res = await webmaster.browser.post('/admin/elections/nouvelle', validForm([a, b, c].map((m) => m.account.email)))
    const id = idFrom(res.headers.get('location'))
    const manage = await webmaster.browser.get(`/admin/elections/${id}`)
    expect(manage.status).toBe(200)
    const html = await manage.text()
    expect(html).toContain(`/admin/elections/${id}/candidatures`)
    expect(html).toContain(`/admin/elections/${id}/scellement`)

    const edit = (overrides: Record<string, string>) =>
      webmaster.browser.post(`/admin/elections/${id}`, {
        intent: 'update',
        ...validForm(
          [a, b, d].map((m) => m.account.email),
          overrides,
        ),
      })
    expect((await edit({ seats: '5' })).status).toBe(302)
    expect(electionRow(id).seats).toBe(5)
    const names = t.app.ctx.db.select().from(electionTrustees).where(eq(electionTrustees.electionId, id)).orderBy(electionTrustees.position).all()
    expect(names.map((r) => r.userId)).toEqual([a.account.id, b.account.id, d.account.id])
    await t.smtp.waitForMail((x) => x.to.includes(d.account.email) && x.text.includes(`/elections/${id}/assesseur`))

    // A trustee published step 1: the trustees and the threshold stay.
    t.app.ctx.db
      .update(electionTrustees)
      .set({ commitment: '{"step":1}' })
      .where(and(eq(electionTrustees.electionId, id), eq(electionTrustees.position, 1)))
      .run()
    const locked = await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'update', ...validForm([a, b, c].map((m) => m.account.email)) })
    expect(locked.status).toBe(409)
    expect(await locked.text()).toContain('Un assesseur a commencé la création de la clé')
    expect((await edit({ title: 'Élection du bureau, nouveau titre' })).status).toBe(302)
    expect(electionRow(id).title).toBe('Élection du bureau, nouveau titre')

    const seats = electionRow(id).seats
    t.app.ctx.db.update(elections).set({ state: 'sealed' }).where(eq(elections.id, id)).run()
    const sealed = await edit({ seats: '2' })
    expect(sealed.status).toBe(409)
    expect(await sealed.text()).toContain('L’élection est scellée')
    expect(electionRow(id).seats).toBe(seats)
  })

  it('cancels with a reason after confirmation, not once the results are published', async () => {
    const webmaster = await member({ role: 'webmaster' })
    const id = insertElection({ rollAt: new Date(t.app.ctx.now().getTime() + DAY) })
    const unconfirmed = await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'cancel', reason: 'Statuts modifiés' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer.')
    expect((await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'cancel', reason: ' ', confirm: 'on' })).status).toBe(400)
    expect((await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'cancel', reason: 'Statuts modifiés', confirm: 'on' })).status).toBe(302)
    expect(electionRow(id)).toMatchObject({ state: 'cancelled', cancelledReason: 'Statuts modifiés' })
    const m = await member()
    expect(await (await m.browser.get(`/elections/${id}`)).text()).toContain('Statuts modifiés')

    const published = insertElection({ state: 'published' })
    expect((await webmaster.browser.post(`/admin/elections/${published}`, { intent: 'cancel', reason: 'Trop tard', confirm: 'on' })).status).toBe(409)
    expect((await webmaster.browser.post(`/admin/elections/${published}`, { intent: 'nope' })).status).toBe(400)
  })
})

describe('the roll', () => {
  it('is frozen once under concurrent calls, from the dues active at the roll date', async () => {
    const now = t.app.ctx.now().getTime()
    const eligible = await member({ promotion: 2001 })
    const unpaid = await member({ membership: null })
    const deactivated = await member({ status: 'deactivated' })
    const student = await member({ membership: 'student', promotion: 2028 })
    const late = await member({}, 0)
    // Dues begun after the roll date (a minute before now, the dues a second ago).
    const rollAt = new Date(now - 60_000)
    t.app.ctx.db
      .update(memberships)
      .set({ activatedAt: new Date(now - 1000) })
      .where(eq(memberships.userId, late.account.id))
      .run()
    const suspended = await member()
    t.app.ctx.db.update(memberships).set({ status: 'suspended' }).where(eq(memberships.userId, suspended.account.id)).run()

    const members = insertElection({ rollAt })
    const alumniOnly = insertElection({ rollAt, eligibility: 'alumni_members' })
    const connections = Array.from({ length: 4 }, () => openDatabase(t.app.ctx.config.DATABASE_PATH))
    try {
      const outcomes = await Promise.all(connections.map(async (c) => freezeRollIfDue({ ...t.app.ctx, db: c.db }, { id: members })))
      expect(outcomes.filter((o) => o === 'frozen')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'already')).toHaveLength(3)
    } finally {
      for (const c of connections) c.sqlite.close()
    }
    expect(freezeRollIfDue(t.app.ctx, { id: alumniOnly })).toBe('frozen')
    expect(freezeRollIfDue(t.app.ctx, { id: alumniOnly })).toBe('already')

    const on = (electionId: string) =>
      new Set(
        t.app.ctx.db
          .select({ userId: electionRoll.userId })
          .from(electionRoll)
          .where(eq(electionRoll.electionId, electionId))
          .all()
          .map((r) => r.userId),
      )
    const roll = on(members)
    expect(roll.has(eligible.account.id)).toBe(true)
    expect(roll.has(student.account.id)).toBe(true)
    for (const out of [unpaid, deactivated, late, suspended]) expect(roll.has(out.account.id)).toBe(false)
    const alumniRoll = on(alumniOnly)
    expect(alumniRoll.has(eligible.account.id)).toBe(true)
    expect(alumniRoll.has(student.account.id)).toBe(false)
    // One row per member, with the name and promotion as at the freeze.
    const count = t.app.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(electionRoll)
      .where(eq(electionRoll.electionId, members))
      .get()!.n
    expect(count).toBe(roll.size)
    const row = t.app.ctx.db
      .select()
      .from(electionRoll)
      .where(and(eq(electionRoll.electionId, members), eq(electionRoll.userId, eligible.account.id)))
      .get()!
    expect(row).toMatchObject({ name: `${eligible.account.firstName} ${eligible.account.lastName}`, promotion: 2001, source: 'roll', voted: false })

    // Not before its date, nor on a sealed election.
    expect(freezeRollIfDue(t.app.ctx, { id: insertElection({ rollAt: new Date(now + DAY) }) })).toBe('notDue')
    expect(freezeRollIfDue(t.app.ctx, { id: insertElection({ state: 'sealed' }) })).toBe('notDue')
  })

  it('a member left off contests, a webmaster accepts: on the roll and mailed; refusals mailed too', async () => {
    const webmaster = await member({ role: 'webmaster' })
    const onRollMember = await member()
    const id = insertElection()
    const leftOff = await member({}, 0) // paid after the roll date
    const other = await member({}, 0)

    // The roll page freezes it and lists it, searchable.
    const page = await onRollMember.browser.get(`/elections/${id}/liste?q=${encodeURIComponent(onRollMember.account.lastName)}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Vous figurez sur la liste électorale.')
    expect(html).toContain(`${onRollMember.account.firstName} ${onRollMember.account.lastName}`)
    expect(html).not.toContain('Signaler une omission')
    expect((await onRollMember.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'Je suis déjà inscrit' })).status).toBe(409)

    const form = await (await leftOff.browser.get(`/elections/${id}/liste`)).text()
    expect(form).toContain('Signaler une omission')
    expect((await leftOff.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: '' })).status).toBe(400)
    const tooLong = await leftOff.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'x'.repeat(1001) })
    expect(tooLong.status).toBe(400)
    expect(await tooLong.text()).toMatch(/Le message ne doit pas dépasser 1\s?000 caractères\./u)
    expect((await leftOff.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'J’ai cotisé le 2 mars.' })).status).toBe(302)
    const again = await leftOff.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'Bis' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('déjà une réclamation en attente')
    expect((await other.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'Moi aussi' })).status).toBe(302)
    expect(openContests(t.app.ctx.db, id)).toBe(2)

    const manage = await (await webmaster.browser.get(`/admin/elections/${id}`)).text()
    expect(manage).toContain('J’ai cotisé le 2 mars.')
    expect(manage).toContain('le scellement attendra')

    const contestOf = (userId: string) =>
      t.app.ctx.db
        .select()
        .from(electionContests)
        .where(and(eq(electionContests.electionId, id), eq(electionContests.userId, userId)))
        .get()!
    const first = contestOf(leftOff.account.id)
    expect((await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'contest-accept', contestId: String(first.id), answer: '' })).status).toBe(400)
    expect(
      (await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'contest-accept', contestId: String(first.id), answer: 'Cotisation vérifiée.' }))
        .status,
    ).toBe(302)
    expect(
      (await webmaster.browser.post(`/admin/elections/${id}`, { intent: 'contest-refuse', contestId: String(first.id), answer: 'Non, finalement' })).status,
    ).toBe(409)
    const added = t.app.ctx.db
      .select()
      .from(electionRoll)
      .where(and(eq(electionRoll.electionId, id), eq(electionRoll.userId, leftOff.account.id)))
      .get()
    expect(added).toMatchObject({ source: 'contest', name: `${leftOff.account.firstName} ${leftOff.account.lastName}` })
    const accepted = await t.smtp.waitForMail((x) => x.to.includes(leftOff.account.email))
    expect(accepted.subject).toContain('Vous êtes inscrit sur la liste électorale')
    expect(accepted.text).toContain('Cotisation vérifiée.')
    expect(accepted.text).toContain(`/elections/${id}/liste`)
    expect(await (await leftOff.browser.get(`/elections/${id}/liste`)).text()).toContain('Ajouté après réclamation')

    const second = contestOf(other.account.id)
    expect(
      (
        await webmaster.browser.post(`/admin/elections/${id}`, {
          intent: 'contest-refuse',
          contestId: String(second.id),
          answer: 'Cotisation postérieure à la date.',
        })
      ).status,
    ).toBe(302)
    const refused = await t.smtp.waitForMail((x) => x.to.includes(other.account.email))
    expect(refused.text).toContain('Cotisation postérieure à la date.')
    expect(openContests(t.app.ctx.db, id)).toBe(0)
    const kinds = t.app.ctx.db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.to, other.account.email)).all()
    expect(kinds.map((k) => k.kind)).toContain('elections.contest.answered')

    // Sealed: no more contests.
    t.app.ctx.db.update(elections).set({ state: 'sealed' }).where(eq(elections.id, id)).run()
    const late = await member({}, 0)
    expect((await late.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'Trop tard ?' })).status).toBe(409)
  })

  it('a registered non-member cannot see the roll nor contest', async () => {
    const id = insertElection()
    const registered = await member({ membership: null })
    expect((await registered.browser.get(`/elections/${id}/liste`)).status).toBe(403)
    expect((await registered.browser.post(`/elections/${id}/liste`, { intent: 'contest', message: 'Je veux voter' })).status).toBe(403)
    expect(t.app.ctx.db.select().from(electionContests).where(eq(electionContests.userId, registered.account.id)).all()).toEqual([])
  })
})

describe('the members’ pages', () => {
  it('lists elections by stage, explains the overview and shows the fingerprint once sealed', async () => {
    const now = t.app.ctx.now().getTime()
    const open = insertElection({
      title: 'Élection ouverte aux candidatures',
      candidacyOpensAt: new Date(now - DAY),
      candidacyClosesAt: new Date(now + DAY),
      rollAt: new Date(now + 2 * DAY),
    })
    const sealed = insertElection({ title: 'Élection scellée', state: 'sealed', fingerprint: 'empreinte-abc123', parameters: '{}', sealedAt: new Date(now) })
    const m = await member()
    const list = await m.browser.get('/elections')
    expect(list.status).toBe(200)
    const html = await list.text()
    expect(html).toContain('Élection ouverte aux candidatures')
    expect(html).toContain('Candidatures ouvertes')
    expect(html).not.toContain('Seuls les membres cotisants votent')

    const overview = await (await m.browser.get(`/elections/${open}`)).text()
    expect(overview).toContain('Comment le secret du vote est garanti')
    expect(overview).toContain(`/elections/${open}/candidature`)
    expect(overview).toContain('aria-current="step"')
    expect(overview).not.toContain('Empreinte de l’élection')

    const sealedPage = await (await m.browser.get(`/elections/${sealed}`)).text()
    expect(sealedPage).toContain('Empreinte de l’élection')
    expect(sealedPage).toContain('empreinte-abc123')
    expect(sealedPage).toContain(`/elections/${sealed}/urne`)

    const registered = await member({ membership: null })
    const theirs = await registered.browser.get('/elections')
    expect(theirs.status).toBe(200)
    expect(await theirs.text()).toContain('Seuls les membres cotisants votent')
    expect((await registered.browser.get(`/elections/${open}`)).status).toBe(200)
    expect((await m.browser.get('/elections/inconnue')).status).toBe(404)
    const visitor = await fetch(new URL('/elections', t.app.url), { redirect: 'manual' })
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toContain('/connexion')
  })

  it('names the elected from a published result', async () => {
    const id = insertElection({ state: 'published', result: JSON.stringify({ counted: 12, blank: 1, votes: [], elected: [] }), publishedAt: new Date() })
    const m = await member()
    const html = await (await m.browser.get(`/elections/${id}`)).text()
    expect(html).toContain('Aucun candidat n’est élu.')
    expect(html).toContain('12 bulletins comptés')
    expect(html).toContain(`/elections/${id}/resultats`)
    expect(t.app.ctx.db.select().from(users).where(eq(users.id, m.account.id)).get()).toBeTruthy()
  })
})
