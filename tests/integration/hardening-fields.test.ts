import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { createGroup } from '../../app/features/groups/groups.server'
import { translate } from '../../app/i18n'
import { createAccount, jobOfferInput } from '../factories'
import { sessionClient } from '../event-factories'
import { files } from '../support/files'
import type { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

/**
 * Nothing silently dropped: an over-long value — far over the multipart parser's 64 KB cap, or one
 * character over the field's own limit — is a 400 with « N caractères au plus » next to the field,
 * and nothing of the form is written.
 */
let app: TestServer
let member: { id: string }
let offerId: number
let groupId: number
let chatThreadId: number
let asMember: HttpClient
let asWebmaster: HttpClient
let asRegistered: HttpClient
let contactTarget: string

const BIO = 'Ingénieure structures, vingt ans de ponts et de passerelles.'
const DIPLOMA = "Diplôme d'ingénieur — Informatique"
const HUGE = 'é'.repeat(35 * 1024) // 70 KB of UTF-8, over the multipart parser's cap
const chars = (n: number) => 'a'.repeat(n)
const tooLong = (max: number) => translate('fr', 'error.tooLong', { max })

const profileForm = (overrides: Record<string, string> = {}) => ({
  promotion: '2012',
  diploma: DIPLOMA,
  company: 'Eiffage',
  bio: BIO,
  inDirectory: 'on',
  ...overrides,
})
const eventForm = (overrides: Record<string, string> = {}) => ({
  title: 'Dîner de promo',
  description: 'Un dîner pour se retrouver entre anciens.',
  groupId: '',
  audience: 'members',
  venue: 'Brasserie Georges',
  address: '30 cours de Verdun',
  city: 'Lyon',
  startsAt: '2031-03-05T20:00',
  endsAt: '2031-03-05T23:00',
  capacity: '20',
  maxGuests: '0',
  ...overrides,
})
const offerForm = (overrides: Record<string, string> = {}) => {
  const input = jobOfferInput(app.ctx.now())
  return { ...Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === null ? '' : String(v)])), ...overrides }
}
const cv = { cv: { name: 'cv.pdf', type: 'application/pdf', bytes: files.pdf(4000) } }

beforeAll(async () => {
  app = await startTestServer()
  const ctx = app.ctx
  const m = await createAccount(ctx, { membership: 'alumni' })
  const w = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
  const r = await createAccount(ctx)
  member = m
  asMember = await sessionClient(ctx, app.url, m.id)
  asWebmaster = await sessionClient(ctx, app.url, w.id)
  asRegistered = await sessionClient(ctx, app.url, r.id)
  expect((await asMember.postMultipart('/mon-compte/profil', profileForm())).status).toBe(302)

  const poster = await createAccount(ctx)
  const created = createJobOffer(ctx, poster.id, jobOfferInput(ctx.now()))
  if (!created.ok) throw new Error(created.error)
  approveJobOffer(ctx, w.id, created.id)
  offerId = created.id

  const target = await createAccount(ctx, { membership: 'alumni' })
  ctx.db.update(profiles).set({ contactConsent: true }).where(eq(profiles.userId, target.id)).run()
  contactTarget = target.id

  groupId = createGroup(
    ctx,
    { id: m.id, isWebmaster: true },
    { name: 'Club de voile', description: 'Sorties en mer le week-end.', kind: 'interest', visibility: 'public' },
  )
  chatThreadId = (ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }).id
})

afterAll(async () => {
  await app?.close()
})

const count = (table: string) => (app.ctx.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

interface Case {
  form: string
  field: string
  send: () => Promise<Response>
  /** The message expected next to the field. */
  message: string
  /** The state that must not change, read before and after. */
  state: () => unknown
}

const profileState = () =>
  app.ctx.db.select({ bio: profiles.bio, company: profiles.company, contacts: profiles.contacts }).from(profiles).where(eq(profiles.userId, member.id)).get()

const cases: Case[] = [
  {
    form: 'profile (multipart)',
    field: 'bio',
    send: () => asMember.postMultipart('/mon-compte/profil', profileForm({ bio: HUGE, company: 'Vinci' })),
    message: tooLong(500),
    state: profileState,
  },
  {
    form: 'profile (multipart)',
    field: 'bio',
    send: () => asMember.postMultipart('/mon-compte/profil', profileForm({ bio: chars(501), company: 'Vinci' })),
    message: tooLong(500),
    state: profileState,
  },
  {
    form: 'profile (multipart)',
    field: 'company',
    send: () => asMember.postMultipart('/mon-compte/profil', profileForm({ company: HUGE })),
    message: tooLong(120),
    state: profileState,
  },
  {
    form: 'profile (multipart)',
    field: 'proEmail',
    send: () => asMember.postMultipart('/mon-compte/profil', profileForm({ proEmail: HUGE, proEmailVisibility: 'members' })),
    message: tooLong(254),
    state: profileState,
  },
  {
    form: 'careers apply (multipart)',
    field: 'message',
    send: () => asMember.postMultipart(`/carriere/offres/${offerId}`, { message: HUGE }, cv),
    message: tooLong(3000),
    state: () => count('job_applications'),
  },
  {
    form: 'careers apply (multipart)',
    field: 'message',
    send: () => asMember.postMultipart(`/carriere/offres/${offerId}`, { message: chars(3001) }, cv),
    message: tooLong(3000),
    state: () => count('job_applications'),
  },
  {
    form: 'cotiser (multipart)',
    field: 'lastName',
    send: () => asRegistered.postMultipart('/cotiser', { lastName: HUGE, firstName: 'Léa', promotion: '2015', diploma: DIPLOMA, category: 'alumni' }),
    message: tooLong(100),
    state: () => count('memberships'),
  },
  {
    form: 'contact (urlencoded)',
    field: 'message',
    send: () => asMember.post(`/membres/${contactTarget}`, { message: chars(2001) }),
    message: tooLong(2000),
    state: () => count('contact_requests'),
  },
  {
    form: 'group proposal',
    field: 'name',
    send: () =>
      asMember.post('/groupes?index', {
        intent: 'propose',
        name: chars(81),
        description: 'Un groupe pour les amateurs de jazz.',
        kind: 'interest',
        visibility: 'public',
      }),
    message: tooLong(80),
    state: () => count('groups'),
  },
  {
    form: 'group proposal',
    field: 'description',
    send: () => asMember.post('/groupes?index', { intent: 'propose', name: 'Jazz', description: chars(501), kind: 'interest', visibility: 'public' }),
    message: tooLong(500),
    state: () => count('groups'),
  },
  {
    form: 'event',
    field: 'title',
    send: () => asWebmaster.post('/evenements/nouveau', eventForm({ title: chars(121) })),
    message: tooLong(120),
    state: () => count('events'),
  },
  {
    form: 'event',
    field: 'description',
    send: () => asWebmaster.post('/evenements/nouveau', eventForm({ description: chars(5001) })),
    message: tooLong(5000),
    state: () => count('events'),
  },
  {
    form: 'forum thread',
    field: 'title',
    send: () => asMember.post('/discussions?index', { intent: 'thread', title: chars(151), body: 'Bonjour à tous.' }),
    message: tooLong(150),
    state: () => count('threads'),
  },
  {
    form: 'group thread',
    field: 'body',
    send: () => asMember.post(`/groupes/${groupId}`, { intent: 'thread', title: 'Sortie de printemps', body: chars(4001) }),
    message: tooLong(4000),
    state: () => count('threads'),
  },
  {
    form: 'job offer',
    field: 'description',
    send: () => asMember.post('/carriere/deposer', offerForm({ description: chars(5001) })),
    message: tooLong(5000),
    state: () => count('job_offers'),
  },
  {
    form: 'job offer',
    field: 'profileSought',
    send: () => asMember.post('/carriere/deposer', offerForm({ profileSought: chars(3001) })),
    message: tooLong(3000),
    state: () => count('job_offers'),
  },
]

describe('an over-long field', () => {
  it.each(cases.map((c) => [c.form, c.field, c] as const))('%s, %s: 400, the error next to the field, nothing written', async (_form, field, c) => {
    const before = c.state()
    const response = await c.send()
    expect(response.status).toBe(400)
    const html = await response.text()
    // Next to the field: in a field error, not only somewhere on the page.
    const fieldErrors = [...html.matchAll(/class="field__error" id="([^"]+)">([^<]*)</g)].map((m) => ({ id: m[1], text: m[2] }))
    const error = fieldErrors.find((e) => e.text.includes(c.message))
    expect(error, `${field}: ${JSON.stringify(fieldErrors)}`).toBeDefined()
    const described = [...html.matchAll(/aria-describedby="([^"]+)"/g)].flatMap((m) => m[1].split(' '))
    expect(described).toContain(error!.id)
    expect(c.state()).toEqual(before)
  })

  it('keeps the saved bio and the other values in the form after a cut field', async () => {
    const response = await asMember.postMultipart('/mon-compte/profil', profileForm({ bio: HUGE, company: 'Vinci' }))
    const html = await response.text()
    expect(html).toContain(BIO)
    expect(html).toContain('value="Vinci"')
    expect(html).not.toContain('__field_too_long__')
    expect(profileState()?.bio).toBe(BIO)
  })

  it('refuses a chat message over the limit without JavaScript, and stores nothing', async () => {
    const before = count('messages')
    const response = await asMember.post(`/groupes/${groupId}`, { intent: 'post', threadId: String(chatThreadId), body: chars(5001) })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(translate('fr', 'chat.error.tooLong'))
    expect(count('messages')).toBe(before)
  })
})
