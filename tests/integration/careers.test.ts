import { beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { jobOffers } from '../../db/schema'
import {
  approveJobOffer,
  closeJobOffer,
  createJobOffer,
  offerStatus,
  parisToday,
  rejectJobOffer,
  repostJobOffer,
  updateJobOffer,
  type OfferInput,
} from '../../app/features/careers/careers.server'
import { findJobOffers } from '../../app/features/careers/careers-search.server'
import { createAccount, jobOfferInput } from '../factories'
import { HttpClient } from '../support/http'
import { careersTestApp } from '../support/careers'

const DAY = 24 * 60 * 60_000
const t = careersTestApp('10.7.0')

const now = () => new Date(t.clock.now)
const input = (overrides: Partial<OfferInput> = {}) => jobOfferInput(now(), overrides)
const row = (id: number) => t.app.ctx.db.select().from(jobOffers).where(eq(jobOffers.id, id)).get()!
const status = (id: number) => offerStatus(row(id), now())

function posted(authorId: string, overrides: Partial<OfferInput> = {}) {
  const created = createJobOffer(t.app.ctx, authorId, input(overrides))
  if (!created.ok) throw new Error(created.error)
  return created.id
}

let webmaster: Awaited<ReturnType<typeof createAccount>>
let poster: Awaited<ReturnType<typeof createAccount>>
beforeAll(async () => {
  webmaster = await createAccount(t.app.ctx, { role: 'webmaster', membership: 'alumni' })
  poster = await createAccount(t.app.ctx)
})

function published(overrides: Partial<OfferInput> = {}) {
  const id = posted(poster.id, overrides)
  expect(approveJobOffer(t.app.ctx, webmaster.id, id)).toEqual({ ok: true })
  return id
}

describe('moderation state machine', () => {
  it('posts as pending, then a webmaster publishes it, with its expiry', () => {
    const id = posted(poster.id)
    expect(status(id)).toBe('pending')
    expect(approveJobOffer(t.app.ctx, webmaster.id, id)).toEqual({ ok: true })
    const offer = row(id)
    expect(status(id)).toBe('published')
    expect(offer.publishedAt?.getTime()).toBe(t.clock.now)
    expect(offer.reviewedBy).toBe(webmaster.id)
    // The deadline (30 days away) comes before the 60-day limit.
    expect(offer.expiresAt!.getTime()).toBeGreaterThan(t.clock.now + 29 * DAY)
    expect(offer.expiresAt!.getTime()).toBeLessThan(t.clock.now + 32 * DAY)
  })

  it('refuses with a reason, mailed to the poster; an empty reason is refused', async () => {
    const id = posted(poster.id, { title: 'Stage sans rémunération' })
    expect(await rejectJobOffer(t.app.ctx, webmaster.id, { offerId: id, reason: '   ', baseUrl: t.app.url })).toEqual({ ok: false, error: 'reasonRequired' })
    expect(status(id)).toBe('pending')
    expect(await rejectJobOffer(t.app.ctx, webmaster.id, { offerId: id, reason: 'La gratification légale manque.', baseUrl: t.app.url })).toEqual({ ok: true })
    expect(status(id)).toBe('rejected')
    const mail = await t.smtp.waitForMail((m) => m.to.includes(poster.email) && m.text.includes('Stage sans rémunération'))
    expect(mail.subject).toContain('Votre offre n’a pas été publiée')
    expect(mail.text).toContain('Motif\u00a0: La gratification légale manque.')
    expect(mail.text).toContain(`${t.app.url}/carriere/mes-offres/${id}`)
  })

  it('refuses the illegal transitions', async () => {
    const pending = posted(poster.id)
    const live = published()
    // Only a pending offer is approved or refused.
    expect(approveJobOffer(t.app.ctx, webmaster.id, live)).toEqual({ ok: false, error: 'notPending' })
    expect(await rejectJobOffer(t.app.ctx, webmaster.id, { offerId: live, reason: 'Non', baseUrl: t.app.url })).toEqual({ ok: false, error: 'notPending' })
    expect(status(live)).toBe('published')
    // Only an expired or filled offer is reposted.
    expect(repostJobOffer(t.app.ctx, poster.id, pending, input())).toEqual({ ok: false, error: 'notRepostable' })
    expect(repostJobOffer(t.app.ctx, poster.id, live, input())).toEqual({ ok: false, error: 'notRepostable' })
    // A filled offer is neither edited, closed again, approved nor refused.
    expect(closeJobOffer(t.app.ctx, poster.id, live)).toEqual({ ok: true })
    expect(status(live)).toBe('filled')
    expect(updateJobOffer(t.app.ctx, poster.id, live, input())).toEqual({ ok: false, error: 'notEditable' })
    expect(closeJobOffer(t.app.ctx, poster.id, live)).toEqual({ ok: false, error: 'notClosable' })
    expect(approveJobOffer(t.app.ctx, webmaster.id, live)).toEqual({ ok: false, error: 'notPending' })
    // A refused offer is not closed; nobody but its poster touches an offer.
    const refused = posted(poster.id)
    await rejectJobOffer(t.app.ctx, webmaster.id, { offerId: refused, reason: 'Doublon', baseUrl: t.app.url })
    expect(closeJobOffer(t.app.ctx, poster.id, refused)).toEqual({ ok: false, error: 'notClosable' })
    expect(updateJobOffer(t.app.ctx, webmaster.id, pending, input())).toEqual({ ok: false, error: 'notFound' })
    expect(closeJobOffer(t.app.ctx, webmaster.id, pending)).toEqual({ ok: false, error: 'notFound' })
    expect(status(pending)).toBe('pending')
  })

  it('edits: a refused offer goes back to the queue, a published one too when its substance changes, not when only its dates do', async () => {
    const refused = posted(poster.id)
    await rejectJobOffer(t.app.ctx, webmaster.id, { offerId: refused, reason: 'Précisez le lieu', baseUrl: t.app.url })
    expect(updateJobOffer(t.app.ctx, poster.id, refused, input({ city: 'Villeurbanne' }))).toEqual({ ok: true, status: 'pending' })
    expect(row(refused)).toMatchObject({ status: 'pending', rejectionReason: null, city: 'Villeurbanne' })

    const base = input({ title: 'Cheffe de projet', company: 'Vinci' })
    const live = createJobOffer(t.app.ctx, poster.id, base)
    if (!live.ok) throw new Error()
    approveJobOffer(t.app.ctx, webmaster.id, live.id)
    const later = new Date(t.clock.now + 70 * DAY).toISOString().slice(0, 10)
    expect(updateJobOffer(t.app.ctx, poster.id, live.id, { ...base, deadline: later })).toEqual({ ok: true, status: 'published' })
    // The new deadline is past the 60-day limit: publication + 60 days wins.
    expect(row(live.id).expiresAt!.getTime()).toBe(t.clock.now + 60 * DAY)
    expect(updateJobOffer(t.app.ctx, poster.id, live.id, { ...base, deadline: later, description: 'Nouvelle description.' })).toEqual({
      ok: true,
      status: 'pending',
    })
    expect(row(live.id)).toMatchObject({ status: 'pending', publishedAt: null, expiresAt: null })
    expect(updateJobOffer(t.app.ctx, poster.id, live.id, { ...base, deadline: later, description: 'Encore.' })).toEqual({ ok: true, status: 'pending' })
  })

  it('closes a pending offer too, and reposts a filled one as a new pending offer', () => {
    const id = posted(poster.id)
    expect(closeJobOffer(t.app.ctx, poster.id, id)).toEqual({ ok: true })
    const repost = repostJobOffer(t.app.ctx, poster.id, id, input({ title: 'Même poste, nouvelle ouverture' }))
    if (!repost.ok) throw new Error(repost.error)
    expect(repost.id).not.toBe(id)
    expect(row(repost.id)).toMatchObject({ status: 'pending', repostOf: id, title: 'Même poste, nouvelle ouverture' })
    expect(status(id)).toBe('filled')
  })

  it('checks the place and the deadline', () => {
    expect(createJobOffer(t.app.ctx, poster.id, input({ city: 'Trifouillis-les-Oies' }))).toEqual({ ok: false, error: 'unknownCity' })
    const yesterday = new Date(t.clock.now - DAY).toISOString().slice(0, 10)
    expect(createJobOffer(t.app.ctx, poster.id, input({ deadline: yesterday }))).toEqual({ ok: false, error: 'deadlinePassed' })
    const geneva = posted(poster.id, { city: 'geneve', country: 'CH' })
    expect(row(geneva)).toMatchObject({ city: 'Genève', country: 'CH' })
    expect(row(geneva).latitude).toBeCloseTo(46.2, 1)
  })
})

describe('expiry', () => {
  it('expires at the deadline: out of the search, no applications, « expired » for its poster, and repostable', () => {
    const id = published({ title: 'Poste qui expire', deadline: new Date(t.clock.now + 3 * DAY).toISOString().slice(0, 10) })
    expect(findJobOffers(t.app.ctx, { door: 'alumni' }).offers.map((o) => o.id)).toContain(id)
    t.clock.now += 4 * DAY
    expect(status(id)).toBe('expired')
    expect(findJobOffers(t.app.ctx, { door: 'alumni' }).offers.map((o) => o.id)).not.toContain(id)
    expect(updateJobOffer(t.app.ctx, poster.id, id, input())).toEqual({ ok: false, error: 'notEditable' })
    expect(closeJobOffer(t.app.ctx, poster.id, id)).toEqual({ ok: false, error: 'notClosable' })
    expect(repostJobOffer(t.app.ctx, poster.id, id, input()).ok).toBe(true)
  })

  it('expires 60 days after publication even with a later deadline', () => {
    const id = published({ deadline: new Date(t.clock.now + 200 * DAY).toISOString().slice(0, 10) })
    t.clock.now += 59 * DAY
    expect(status(id)).toBe('published')
    t.clock.now += 1 * DAY + 1
    expect(status(id)).toBe('expired')
  })

  it('does not publish an offer whose deadline passed while it waited', () => {
    const id = posted(poster.id, { deadline: parisToday(now()) })
    t.clock.now += 2 * DAY
    expect(approveJobOffer(t.app.ctx, webmaster.id, id)).toEqual({ ok: false, error: 'deadlinePassed' })
    expect(status(id)).toBe('pending')
  })
})

describe('access rules', () => {
  it('sends visitors to log in', async () => {
    const visitor = new HttpClient(t.app.url)
    for (const path of [
      '/carriere',
      '/carriere/offres',
      '/carriere/deposer',
      '/carriere/mes-offres',
      '/carriere/mes-candidatures',
      '/carriere/alertes',
      '/admin/offres',
    ]) {
      const response = await visitor.get(path)
      expect(response.status, path).toBe(302)
      expect(response.headers.get('location'), path).toMatch(/^\/connexion\?redirectTo=/)
    }
  })

  it('lets any account post, but only paying members read', async () => {
    const id = published({ title: 'Offre lisible par les membres' })
    const { browser: registered } = await t.loggedIn()
    expect((await registered.get('/carriere')).status).toBe(200)
    expect((await registered.get('/carriere/deposer')).status).toBe(200)
    expect((await registered.get('/carriere/offres')).status).toBe(403)
    expect((await registered.get(`/carriere/offres/${id}`)).status).toBe(403)
    expect((await registered.get('/carriere/alertes')).status).toBe(403)

    const { browser: member } = await t.loggedIn({ membership: 'student' })
    expect((await member.get('/carriere/offres?porte=etudiant')).status).toBe(200)
    const page = await member.get(`/carriere/offres/${id}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Offre lisible par les membres')
  })

  it('shows a pending offer to its poster and webmasters only', async () => {
    const { account, browser: owner } = await t.loggedIn()
    const id = posted(account.id, { title: 'Offre encore en attente' })
    expect((await owner.get(`/carriere/offres/${id}`)).status).toBe(200)
    expect((await owner.get(`/carriere/mes-offres/${id}`)).status).toBe(200)
    const { browser: member } = await t.loggedIn({ membership: 'alumni' })
    expect((await member.get(`/carriere/offres/${id}`)).status).toBe(404)
    expect((await member.get(`/carriere/mes-offres/${id}`)).status).toBe(404)
    const close = await member.post('/carriere/mes-offres', { intent: 'close', offerId: String(id) })
    expect(close.status).toBe(302)
    expect(status(id)).toBe('pending')
    const { browser: admin } = await t.loggedIn({ role: 'webmaster' })
    expect((await admin.get(`/carriere/offres/${id}`)).status).toBe(200)
  })

  it('keeps the queue to webmasters', async () => {
    const id = posted(poster.id, { title: 'À valider par un webmaster' })
    const { browser: member } = await t.loggedIn({ membership: 'alumni' })
    expect((await member.get('/admin/offres')).status).toBe(403)
    expect((await member.post('/admin/offres', { intent: 'approve', offerId: String(id) })).status).toBe(403)
    expect(status(id)).toBe('pending')

    const { browser: admin } = await t.loggedIn({ role: 'webmaster' })
    const queue = await admin.get('/admin/offres')
    expect(await queue.text()).toContain('À valider par un webmaster')
    const refused = await admin.post('/admin/offres', { intent: 'reject', offerId: String(id), reason: '' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Ce champ est obligatoire.')
    expect((await admin.post('/admin/offres', { intent: 'approve', offerId: String(id) })).status).toBe(302)
    expect(status(id)).toBe('published')
  })
})

describe('posting form', () => {
  const form = (overrides: Record<string, string> = {}) => {
    const v = input()
    return { ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : String(x)])), ...overrides }
  }

  it('answers in French next to each field, and refuses an unknown city', async () => {
    const { browser } = await t.loggedIn()
    const empty = await browser.post('/carriere/deposer', {})
    expect(empty.status).toBe(400)
    const html = await empty.text()
    expect(html.match(/Ce champ est obligatoire\./g)?.length).toBeGreaterThanOrEqual(8)
    expect(html).toContain('Choisissez une valeur dans la liste.')
    expect(html).toMatch(/aria-describedby="[^"]*-error"/)

    const badSalary = await browser.post('/carriere/deposer', form({ salaryMin: '50000', salaryMax: '40000' }))
    expect(await badSalary.text()).toContain('Le maximum doit être supérieur ou égal au minimum.')
    const unknown = await browser.post('/carriere/deposer', form({ city: 'Nullepart-sur-Rien' }))
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Ville inconnue')
  })

  it('posts, lists the offer as awaiting validation, and edits it', async () => {
    const { account, browser } = await t.loggedIn()
    const response = await browser.post('/carriere/deposer', form({ title: 'Data engineer confirmé', contractType: 'cdd' }))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/carriere/mes-offres')
    const mine = await (await browser.get('/carriere/mes-offres')).text()
    expect(mine).toContain('Data engineer confirmé')
    expect(mine).toContain('En attente de validation')
    const id = t.app.ctx.db.select().from(jobOffers).where(eq(jobOffers.authorId, account.id)).get()!.id
    const edited = await browser.post(`/carriere/mes-offres/${id}`, form({ title: 'Data engineer senior', contractType: 'cdd' }))
    expect(edited.status).toBe(302)
    expect(row(id).title).toBe('Data engineer senior')
  })
})

describe('search', () => {
  let ids: Record<string, number>
  beforeAll(() => {
    t.clock.now = Date.now()
    // Their own company names, so the other tests' offers never match the text queries below.
    ids = {
      lyonStage: published({
        title: 'Stage ingénieur méthodes',
        company: 'Zéphyrine Industrie',
        contractType: 'stage',
        city: 'Villeurbanne',
        sector: 'industry',
        remote: 'onsite',
        experience: 'student',
      }),
      parisCdi: published({
        title: 'Développeuse backend',
        company: 'Quokka Logiciels',
        contractType: 'cdi',
        city: 'Paris',
        sector: 'software',
        remote: 'remote',
        experience: 'confirmed',
      }),
      grenobleAlt: published({
        title: 'Alternance électronique',
        company: 'Zéphyrine Industrie',
        contractType: 'alternance',
        city: 'Grenoble',
        sector: 'industry',
        remote: 'hybrid',
        experience: 'student',
      }),
    }
  })
  const found = (criteria: Parameters<typeof findJobOffers>[1]) => findJobOffers(t.app.ctx, criteria).offers.map((o) => o.id)

  it('the student door shows internships and apprenticeships only', () => {
    const student = found({ door: 'etudiant' })
    expect(student).toEqual(expect.arrayContaining([ids.lyonStage, ids.grenobleAlt]))
    expect(student).not.toContain(ids.parisCdi)
    expect(found({ door: 'alumni' })).toEqual(expect.arrayContaining(Object.values(ids)))
  })

  it('filters by place and radius (haversine from the gazetteer)', () => {
    expect(found({ door: 'alumni', city: 'Lyon', radius: 10 })).toContain(ids.lyonStage)
    expect(found({ door: 'alumni', city: 'Lyon', radius: 10 })).not.toContain(ids.grenobleAlt)
    expect(found({ door: 'alumni', city: 'Lyon', radius: 100 })).toEqual(expect.arrayContaining([ids.lyonStage, ids.grenobleAlt]))
    expect(findJobOffers(t.app.ctx, { door: 'alumni', city: 'Atlantide' }).placeUnknown).toBe(true)
  })

  it('filters by contract, remote, sector, experience and date, and searches text without accents', () => {
    expect(found({ door: 'alumni', contract: ['cdi'], q: 'quokka' })).toEqual([ids.parisCdi])
    expect(found({ door: 'alumni', remote: 'remote', q: 'quokka' })).toEqual([ids.parisCdi])
    expect(found({ door: 'alumni', sector: 'industry', q: 'zephyrine' })).toEqual([ids.grenobleAlt, ids.lyonStage])
    expect(found({ door: 'alumni', experience: 'student', q: 'ZÉPHYRINE' })).toEqual([ids.grenobleAlt, ids.lyonStage])
    expect(found({ door: 'alumni', q: 'ingenieur methodes' })).toEqual([ids.lyonStage])
    expect(found({ door: 'alumni', q: '100%_' })).toEqual([])
    t.clock.now += 2 * DAY
    const fresh = published({ title: 'Offre toute fraîche', company: 'Zéphyrine Industrie', contractType: 'stage', city: 'Marseille' })
    expect(found({ door: 'alumni', since: 1, q: 'zephyrine' })).toEqual([fresh])
    // Newest first.
    expect(found({ door: 'etudiant', q: 'zephyrine' })[0]).toBe(fresh)
  })

  it('serves the search page with its filters, without JavaScript', async () => {
    const { browser } = await t.loggedIn({ membership: 'student' })
    const html = await (await browser.get('/carriere/offres?porte=etudiant&q=zephyrine&ville=Lyon&rayon=10')).text()
    expect(html).toContain('Stage ingénieur méthodes')
    expect(html).not.toContain('Alternance électronique')
    expect(html).not.toContain('Développeuse backend')
    expect(html).toContain('1 offre')
    const unknown = await (await browser.get('/carriere/offres?porte=alumni&ville=Atlantide')).text()
    expect(unknown).toContain('Ville inconnue\u00a0: «\u00a0Atlantide\u00a0»')
  })
})
