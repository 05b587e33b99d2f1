import { afterAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { eq } from 'drizzle-orm'
import { jobOffers, users } from '../../db/schema'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { applyToJobOffer } from '../../app/features/careers/careers-applications.server'
import { setEventOrganizer } from '../../app/features/events/events.server'
import { createGroup, joinGroup, reviewGroupProposal } from '../../app/features/groups/groups.server'
import { postMessage, type MessageDto } from '../../app/features/groups/discussions.server'
import { heldState, isHeld, type HeldKind } from '../../app/features/moderation/holds.server'
import { decide } from '../../app/features/moderation/decisions.server'
import { fileReport } from '../../app/features/moderation/reports.server'
import type { AppContext } from '../../app/context.server'
import { createAccount, groupOfTwo, jobOfferInput } from '../factories'
import { createTestEvent } from '../event-factories'
import { mailSuite } from '../support/mail-suite'
import { eventWhere, memberSocket } from '../support/sockets'

const suite = mailSuite('10.86.6')
const sockets: Socket[] = []
afterAll(() => sockets.forEach((s) => s.disconnect()))
const DAY = 86400_000
const unique = () => crypto.randomUUID().slice(0, 6)

/** A paying member whose account is old enough for their report to weigh 1. */
async function alumnus(ctx: AppContext, options: { role?: 'webmaster' } = {}) {
  const account = await createAccount(ctx, { membership: 'alumni', ...options })
  ctx.db
    .update(users)
    .set({ createdAt: new Date(ctx.now().getTime() - 100 * DAY) })
    .where(eq(users.id, account.id))
    .run()
  return account
}

/** Three alumni report the content (`join`: what lets them see it first): the weight reaches 3 and it is held. */
async function heldByReports(ctx: AppContext, kind: HeldKind, id: number, join: (userId: string) => void = () => {}) {
  const reporters = [await alumnus(ctx), await alumnus(ctx), await alumnus(ctx)]
  reporters.forEach((r) => join(r.id))
  const outcomes = reporters.map((r) =>
    fileReport(ctx, { reporterId: r.id, targetKind: kind, targetId: String(id), reason: 'spam', text: 'De la publicité déguisée, à vérifier.' }),
  )
  expect(outcomes.map((o) => o.ok && o.held)).toEqual([false, false, true])
  expect(isHeld(ctx, kind, id)).toBe(true)
  return reporters
}

async function logIn(account: { email: string; password: string }) {
  const browser = suite.client()
  await browser.login(account.email, account.password)
  return browser
}

const offerForm = (overrides: Record<string, string> = {}) => {
  const values = jobOfferInput(new Date(), overrides as never)
  return { ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? '' : String(v)])), ...overrides }
}

const eventForm = (overrides: Record<string, string> = {}) => ({
  title: 'Afterwork des anciens',
  description: 'Un verre entre anciens, pour se retrouver et accueillir les jeunes diplômés.',
  audience: 'everyone',
  venue: 'Le Comptoir',
  address: '3 place des Terreaux',
  city: 'Lyon',
  startsAt: '2031-06-12T19:00',
  endsAt: '2031-06-12T22:00',
  capacity: '20',
  maxGuests: '0',
  ...overrides,
})

describe('an offer held pending review', () => {
  it('is gone for others, shown to its poster with the notice, edited once, a second edit refused, still held', async () => {
    const ctx = suite.app.ctx
    const [webmaster, poster, reader] = [await alumnus(ctx, { role: 'webmaster' }), await alumnus(ctx), await alumnus(ctx)]
    const title = `Commercial itinérant ${unique()}`
    const created = createJobOffer(ctx, poster.id, jobOfferInput(ctx.now(), { title }))
    if (!created.ok) throw new Error(created.error)
    const offerId = created.id
    expect(approveJobOffer(ctx, webmaster.id, offerId)).toEqual({ ok: true })
    const others = await logIn(reader)
    expect((await others.get(`/carriere/offres/${offerId}`)).status).toBe(200)
    expect(await (await others.get('/carriere/offres')).text()).toContain(title)

    await heldByReports(ctx, 'offer', offerId)
    expect((await others.get(`/carriere/offres/${offerId}`)).status).toBe(404)
    expect(await (await others.get('/carriere/offres')).text()).not.toContain(title)
    const cv = { bytes: new Uint8Array([37, 80, 68, 70]), originalName: 'cv.pdf' }
    expect(await applyToJobOffer(ctx, { offerId, userId: reader.id, message: 'Je suis intéressé.', cv, baseUrl: suite.app.url })).toEqual({
      ok: false,
      error: 'notOpen',
    })

    const author = await logIn(poster)
    const page = await author.get(`/carriere/offres/${offerId}`)
    expect(page.status).toBe(200)
    const notice = 'Cette offre est masquée en attente de vérification par l’association. Vous pouvez la modifier une fois ; un webmaster décidera ensuite.'
    expect(await page.text()).toContain(notice)
    const mine = await (await author.get('/carriere/mes-offres')).text()
    expect(mine).toContain(title)
    expect(mine).toContain('Masquée en attente de vérification')
    expect(mine).toContain(notice)
    expect(await (await author.get(`/carriere/mes-offres/${offerId}`)).text()).toContain(notice)

    const edited = await author.post(`/carriere/mes-offres/${offerId}`, offerForm({ title: `${title} (corrigée)` }))
    expect(edited.status).toBe(302)
    expect(ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()!.title).toBe(`${title} (corrigée)`)
    expect(heldState(ctx, 'offer', offerId)?.authorEditedAt).toBeInstanceOf(Date)
    const spentPage = await (await author.get(`/carriere/mes-offres/${offerId}`)).text()
    expect(spentPage).toContain('Vous l’avez déjà modifiée une fois ; un webmaster décidera ensuite.')
    expect(spentPage).not.toContain('name="profileSought"')

    // A second edit (a tab opened before the first) is refused in French, and changes nothing.
    const second = await author.post(`/carriere/mes-offres/${offerId}`, offerForm({ title: 'Tout autre chose' }))
    expect(second.status).toBe(409)
    expect(await second.text()).toContain('Ce contenu est en cours de vérification et vous l’avez déjà modifié une fois')
    expect(ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()!.title).toBe(`${title} (corrigée)`)
    expect(isHeld(ctx, 'offer', offerId)).toBe(true)
    expect((await others.get(`/carriere/offres/${offerId}`)).status).toBe(404)

    // The webmaster reviewing it reads it, with the way to the desk.
    const desk = await (await (await logIn(webmaster)).get(`/carriere/offres/${offerId}`)).text()
    expect(desk).toContain('Cette offre est masquée aux membres')
    expect(desk).toContain(`/admin/moderation/offer/${offerId}`)
  })
})

describe('an event held pending review', () => {
  it('leaves the lists, the agenda and its page for others, and its organizer edits it once', async () => {
    const ctx = suite.app.ctx
    const [webmaster, organizer, reader] = [await alumnus(ctx, { role: 'webmaster' }), await alumnus(ctx), await alumnus(ctx)]
    setEventOrganizer(ctx, { userId: organizer.id, grantedBy: webmaster.id, allowed: true })
    const title = `Soirée dégustation ${unique()}`
    const eventId = createTestEvent(ctx, organizer.id, { title, audience: 'everyone' })
    const others = await logIn(reader)
    expect(await (await others.get('/evenements')).text()).toContain(title)

    await heldByReports(ctx, 'event', eventId)
    for (const path of [`/evenements/${eventId}`, `/evenements/${eventId}/calendrier.ics`]) {
      expect((await others.get(path)).status, path).toBe(404)
      expect((await suite.client().get(path)).status, path).toBe(404)
    }
    expect(await (await others.get('/evenements')).text()).not.toContain(title)
    expect(await (await suite.client().get('/')).text()).not.toContain(title)
    const register = await others.post(`/evenements/${eventId}`, { intent: 'register', guests: '0' })
    expect(register.status).toBe(404)

    const author = await logIn(organizer)
    const notice = 'Cet événement est masqué en attente de vérification par l’association. Vous pouvez le modifier une fois ; un webmaster décidera ensuite.'
    for (const path of [`/evenements/${eventId}`, `/evenements/${eventId}/gestion`, `/evenements/${eventId}/modifier`]) {
      const page = await author.get(path)
      expect(page.status, path).toBe(200)
      expect(await page.text(), path).toContain(notice)
    }
    const edited = await author.post(`/evenements/${eventId}/modifier`, eventForm({ title: `${title} (corrigée)` }))
    expect(edited.status).toBe(302)
    const second = await author.post(`/evenements/${eventId}/modifier`, eventForm({ title: 'Tout autre chose' }))
    expect(second.status).toBe(409)
    expect(await second.text()).toContain('Ce contenu est en cours de vérification et vous l’avez déjà modifié une fois')
    const page = await (await author.get(`/evenements/${eventId}`)).text()
    expect(page).toContain(`${title} (corrigée)`)
    expect(page).toContain('Vous l’avez déjà modifié une fois ; un webmaster décidera ensuite.')
    expect(isHeld(ctx, 'event', eventId)).toBe(true)
    expect((await others.get(`/evenements/${eventId}`)).status).toBe(404)
    // No invitations go out for an event members cannot open.
    const invite = await author.post(`/evenements/${eventId}/gestion`, { intent: 'invite', segment: 'members' })
    expect(invite.status).toBe(409)

    const reviewer = await logIn(webmaster)
    expect(await (await reviewer.get(`/evenements/${eventId}`)).text()).toContain('Cet événement est masqué aux membres')
  })
})

describe('a group held pending review', () => {
  it('is gone for other members, and its creator reads the notice on its page', async () => {
    const ctx = suite.app.ctx
    const [creator, reader] = [await alumnus(ctx), await alumnus(ctx)]
    const name = `Club de voile ${unique()}`
    const groupId = createGroup(
      ctx,
      { id: creator.id, isWebmaster: false },
      { name, description: 'Régates le dimanche.', kind: 'interest', visibility: 'public' },
    )
    expect(reviewGroupProposal(ctx, groupId, 'approve')).toBe(true)
    joinGroup(ctx, reader.id, groupId)
    const others = await logIn(reader)
    expect(await (await others.get('/groupes')).text()).toContain(name)

    await heldByReports(ctx, 'group', groupId)
    expect((await others.get(`/groupes/${groupId}`)).status).toBe(404)
    expect(await (await others.get('/groupes')).text()).not.toContain(name)
    const own = await (await logIn(creator)).get(`/groupes/${groupId}`)
    expect(own.status).toBe(200)
    expect(await own.text()).toContain('Ce groupe est masqué en attente de vérification par l’association')
  })
})

describe('held messages in open chats', () => {
  it('replaces a message that becomes held by the placeholder for the other reader at once, and sends the author’s edit to the author only', async () => {
    const ctx = suite.app.ctx
    const { other: author, chatId, groupId } = await groupOfTwo(ctx, `En direct ${unique()}`, 'Un groupe')
    const reader = await alumnus(ctx)
    joinGroup(ctx, reader.id, groupId)
    const sent = postMessage(
      ctx,
      { id: author.id, isWebmaster: false },
      { threadId: chatId, body: 'Vends montres de luxe, prix d’ami', baseUrl: suite.app.url },
    )
    if (!sent.ok) throw new Error(sent.error)
    const messageId = sent.message.id

    const [authorSocket, readerSocket] = [await memberSocket(suite.app.url, author.email), await memberSocket(suite.app.url, reader.email)]
    sockets.push(authorSocket, readerSocket)
    for (const socket of [authorSocket, readerSocket]) expect(await socket.emitWithAck('thread:join', { threadId: chatId })).toMatchObject({ ok: true })

    const byId = (event: string, socket: Socket) => eventWhere<MessageDto>(socket, event, (m) => m.id === messageId)
    const readerSees = byId('message:hold', readerSocket)
    const authorSees = byId('message:hold', authorSocket)
    await heldByReports(ctx, 'message', messageId, (userId) => joinGroup(ctx, userId, groupId))
    const [toReader, toAuthor] = await Promise.all([readerSees, authorSees])
    expect(toReader).toMatchObject({ held: true, body: '' })
    expect(toAuthor).toMatchObject({ held: true, body: 'Vends montres de luxe, prix d’ami' })

    const readerEdit = byId('message:edited', readerSocket)
    const authorEdit = byId('message:edited', authorSocket)
    // The author's socket hears only its own copy: no second, empty one from the thread's room.
    const authorCopies: MessageDto[] = []
    authorSocket.on('message:edited', (m: MessageDto) => m.id === messageId && authorCopies.push(m))
    expect(await authorSocket.emitWithAck('message:edit', { messageId, body: 'Je retire mon annonce' })).toEqual({ ok: true })
    const [readerCopy, authorCopy] = await Promise.all([readerEdit, authorEdit])
    expect(readerCopy).toMatchObject({ held: true, body: '' })
    expect(JSON.stringify(readerCopy)).not.toContain('Je retire')
    expect(authorCopy).toMatchObject({ held: true, body: 'Je retire mon annonce' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(authorCopies.map((m) => m.body)).toEqual(['Je retire mon annonce'])
    expect(isHeld(ctx, 'message', messageId)).toBe(true)

    // A webmaster dismisses the reports: the message shows again in the reader's open chat.
    const webmaster = await alumnus(ctx, { role: 'webmaster' })
    const shownAgain = byId('message:hold', readerSocket)
    const decided = await decide(ctx, {
      by: webmaster.id,
      targetKind: 'message',
      targetId: String(messageId),
      action: 'dismiss',
      facts: 'Une annonce retirée par son auteur, rien de contraire aux conditions.',
      baseUrl: suite.app.url,
    })
    expect(decided).toMatchObject({ ok: true })
    expect(await shownAgain).toMatchObject({ held: false, body: 'Je retire mon annonce' })
  })
})
