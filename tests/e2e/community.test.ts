import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { messages, threads } from '../../db/schema'
import { createGroup, ensurePromotionGroup, joinGroup } from '../../app/features/groups/groups.server'
import { createThread } from '../../app/features/groups/discussions.server'
import { markThreadRead } from '../../app/features/groups/forum.server'
import { setProfilePhoto } from '../../app/features/directory/profiles.server'
import { createAccount } from '../factories'
import { hydrated, launchBrowser, logIn, openPage } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
let browser: Browser
beforeAll(async () => {
  app = await startTestServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const MINUTE = 60_000
const initials = (p: { firstName: string; lastName: string }) => `${p.firstName[0]}${p.lastName[0]}`.toLocaleUpperCase('fr-FR')

/** Messages straight in the database, each `minutesAgo` before now (the use case would throttle a long history). */
function insertMessages(threadId: number, groupId: number | null, rows: { authorId: string; body: string; minutesAgo: number }[]) {
  const now = Date.now()
  for (const row of rows) {
    app.ctx.db
      .insert(messages)
      .values({ threadId, groupId, authorId: row.authorId, body: row.body, createdAt: new Date(now - row.minutesAgo * MINUTE) })
      .run()
  }
}

async function memberPage(email: string, viewport = { width: 1280, height: 800 }) {
  const opened = await openPage(browser, { viewport })
  await logIn(opened.page, app.url, email)
  return opened
}

const menuOf = (page: Page, messageText: string) => page.locator('.chat-message', { hasText: messageText })

describe('a group chat that feels like a community', () => {
  it('shows faces, groups runs of messages, keeps the window still, and says who may delete', { timeout: 60_000 }, async () => {
    const alice = await createAccount(app.ctx, { membership: 'alumni' })
    const bob = await createAccount(app.ctx, { membership: 'alumni' })
    await setProfilePhoto(
      app.ctx,
      alice.id,
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c0392b' } })
        .webp()
        .toBuffer(),
    )
    const groupId = createGroup(
      app.ctx,
      { id: alice.id, isWebmaster: true },
      { name: 'Voile', description: 'Les marins de l’association', kind: 'interest', visibility: 'public' },
    )
    joinGroup(app.ctx, bob.id, groupId)
    const chat = app.ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }
    // A long history (40 messages, 10 minutes apart), a mention of Bob, then two messages of Bob a minute apart.
    insertMessages(
      chat.id,
      groupId,
      Array.from({ length: 40 }, (_, i) => ({ authorId: alice.id, body: `Message d’Alice numéro ${i + 1}`, minutesAgo: 500 - i * 10 })),
    )
    insertMessages(chat.id, groupId, [
      { authorId: alice.id, body: `@${bob.firstName} ${bob.lastName} tu prends la barre dimanche ?`, minutesAgo: 30 },
      { authorId: bob.id, body: 'Avec plaisir, je serai au port à 9 h.', minutesAgo: 4 },
      { authorId: bob.id, body: 'Je prends les cirés.', minutesAgo: 3 },
    ])

    const { page, errors } = await memberPage(bob.email)
    await page.goto(`${app.url}/groupes/${groupId}`)
    await hydrated(page)
    await page.waitForTimeout(300)

    // The window does not move; the list shows its newest message inside its own box.
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    const list = page.locator('.chat__messages')
    const scroll = await list.evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight }))
    expect(scroll.height).toBeGreaterThan(scroll.client) // long enough to scroll
    expect(scroll.top + scroll.client).toBeGreaterThanOrEqual(scroll.height - 2)
    const last = menuOf(page, 'Je prends les cirés.')
    const [listBox, lastBox] = [await list.boundingBox(), await last.boundingBox()]
    expect(lastBox!.y + lastBox!.height).toBeLessThanOrEqual(listBox!.y + listBox!.height + 1)

    // Faces: Alice's photo, Bob's initials on a colour.
    const fromAlice = menuOf(page, 'Message d’Alice numéro 40')
    expect(await fromAlice.locator('img.avatar').getAttribute('src')).toBe(`/membres/${alice.id}/photo`)
    const bobsFirst = menuOf(page, 'Avec plaisir, je serai au port')
    expect(await bobsFirst.getByTestId('avatar-initials').textContent()).toBe(initials(bob))

    // Bob's two messages, a minute apart, share one header (avatar and name).
    const bobs = page.locator('.chat-message', { has: page.locator(`text=/Avec plaisir|Je prends les cirés/`) })
    expect(await bobs.count()).toBe(2)
    expect(await bobs.locator('.chat-message__author').count()).toBe(1)
    expect(await bobs.locator('.avatar').count()).toBe(1)

    // A relative time, the full date in its title.
    const time = bobsFirst.locator('.chat-message__meta time')
    expect(await time.textContent()).toMatch(/^il y a\s\d+\smin\.?$/u)
    expect(await time.getAttribute('title')).toMatch(/\d{4} à \d{1,2} h \d{2}$/)

    // Bob's own mention stands out.
    const mention = menuOf(page, 'tu prends la barre').locator('.mention--me')
    expect(await mention.textContent()).toBe(`@${bob.firstName} ${bob.lastName}`)

    // The menu: Alice's message may be reported or answered, not deleted; Bob's own may be deleted.
    await fromAlice.hover()
    const aliceMenu = fromAlice.locator('summary', { hasText: `Actions sur le message de ${alice.firstName} ${alice.lastName}` })
    await aliceMenu.click()
    expect(await fromAlice.getByRole('button', { name: 'Répondre' }).isVisible()).toBe(true)
    expect(await fromAlice.getByText('Signaler').isVisible()).toBe(true)
    expect(await fromAlice.getByRole('button', { name: 'Supprimer' }).count()).toBe(0)
    await page.keyboard.press('Escape')
    expect(await fromAlice.locator('details.message-menu').getAttribute('open')).toBeNull()

    // Répondre puts the mention in the message box.
    await aliceMenu.click()
    await fromAlice.getByRole('button', { name: 'Répondre' }).click()
    expect(await page.getByLabel('Votre message').inputValue()).toBe(`@${alice.firstName} ${alice.lastName} `)

    const own = menuOf(page, 'Je prends les cirés.')
    await own.locator('summary', { hasText: 'Actions sur le message de' }).click()
    expect(await own.getByRole('button', { name: 'Supprimer' }).isVisible()).toBe(true)
    expect(await own.getByRole('button', { name: 'Modifier' }).isVisible()).toBe(true)
    expect(errors).toEqual([])
  })

  it('opens a forum thread at the first post its reader has not read, and lists what is new', { timeout: 30_000 }, async () => {
    const author = await createAccount(app.ctx, { membership: 'alumni' })
    const reader = await createAccount(app.ctx, { membership: 'alumni' })
    const created = createThread(app.ctx, { id: author.id, isWebmaster: false }, { groupId: null, title: 'Le grand fil des souvenirs', body: 'Racontez !' })
    if (!created.ok) throw new Error('thread not created')
    insertMessages(
      created.threadId,
      null,
      Array.from({ length: 24 }, (_, i) => ({
        authorId: author.id,
        body: `Souvenir numéro ${i + 1}, long à raconter.\n\nSuite du souvenir.`,
        minutesAgo: 300 - i,
      })),
    )
    app.ctx.db.update(threads).set({ lastMessageAt: new Date() }).where(eq(threads.id, created.threadId)).run()
    const ids = (app.ctx.database.sqlite.prepare('select id from messages where thread_id = ? order by id').all(created.threadId) as { id: number }[]).map(
      (r) => r.id,
    )
    // Read up to « Souvenir numéro 14 »: ten posts are new.
    markThreadRead(app.ctx, reader.id, created.threadId, ids[14]!)

    const { page, errors } = await memberPage(reader.email)
    await page.goto(`${app.url}/discussions`)
    const item = page.getByTestId(`thread-${created.threadId}`)
    expect(await item.getByTestId('thread-unread').textContent()).toBe('10 nouveaux messages')
    expect(await item.textContent()).toContain('24 réponses')
    await item.getByRole('link', { name: 'Le grand fil des souvenirs' }).click()
    await page.waitForURL(`${app.url}/discussions/${created.threadId}#nouveaux-messages`, { waitUntil: 'commit' })
    await hydrated(page)
    const divider = page.locator('#nouveaux-messages')
    expect(await divider.textContent()).toBe('Nouveaux messages')
    // The divider comes right before the first unread post, and is on screen.
    expect(await page.locator('#nouveaux-messages + .chat-message').textContent()).toContain('Souvenir numéro 15,')
    const box = await divider.boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y).toBeLessThan(800)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0)

    // Read now: the list no longer marks it, and the next visit has no divider.
    await page.goto(`${app.url}/discussions`)
    expect(await page.getByTestId(`thread-${created.threadId}`).getByTestId('thread-unread').count()).toBe(0)
    await page.goto(`${app.url}/discussions/${created.threadId}`)
    expect(await page.locator('#nouveaux-messages').count()).toBe(0)
    expect(errors).toEqual([])
  })
})

describe('the groups page', () => {
  it('stays short with sixty promotions, puts « Mes groupes » first, and searches as one types', { timeout: 30_000 }, async () => {
    for (let year = 1970; year < 2030; year++) ensurePromotionGroup(app.ctx.db, year, new Date())
    const owner = await createAccount(app.ctx, { membership: 'alumni', role: 'webmaster' })
    createGroup(
      app.ctx,
      { id: owner.id, isWebmaster: true },
      { name: 'Régates du Léman', description: 'Voile sur le lac', kind: 'interest', visibility: 'public' },
    )
    createGroup(
      app.ctx,
      { id: owner.id, isWebmaster: true },
      { name: 'Club des Bordelais', description: 'Gironde et alentours', kind: 'region', visibility: 'public' },
    )
    const member = await createAccount(app.ctx, { membership: 'alumni', promotion: 1999 })
    const mine = createGroup(
      app.ctx,
      { id: member.id, isWebmaster: true },
      { name: 'Mon cercle', description: 'Un groupe à moi', kind: 'sector', visibility: 'public' },
    )

    const { page, errors } = await memberPage(member.email)
    await page.goto(`${app.url}/groupes`)
    await hydrated(page)
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2500)
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents()
    expect(headings[0]).toBe('Mes groupes')
    expect(await page.locator('section[aria-labelledby="mes-groupes"]').getByRole('link', { name: 'Mon cercle' }).getAttribute('href')).toBe(`/groupes/${mine}`)
    // The promotions are behind one select, not sixty cards.
    expect(await page.getByLabel('Année de promotion').locator('option').count()).toBe(61)
    expect(await page.getByTestId('group-card').count()).toBeLessThan(10)

    // Typing filters at once, accents aside.
    await page.getByLabel('Rechercher un groupe').fill('leman')
    const found = page.locator('.group-finder').getByTestId('group-card')
    await expect.poll(() => found.allTextContents()).toEqual([expect.stringContaining('Régates du Léman')])
    await page.getByLabel('Rechercher un groupe').fill('1987')
    await expect.poll(() => page.locator('.promotion-link').allTextContents()).toEqual([expect.stringContaining('1987')])

    // The kinds are real links; the select leads to a promotion's group.
    await page.getByLabel('Rechercher un groupe').fill('')
    await page.getByRole('navigation', { name: 'Types de groupes' }).getByRole('link', { name: 'Régions' }).click()
    await page.waitForURL(`${app.url}/groupes?type=region`)
    // The URL changes before the new list is drawn: wait for it.
    await expect.poll(() => found.allTextContents()).toEqual([expect.stringContaining('Club des Bordelais')])
    expect(errors).toEqual([])
  })

  it('searches without JavaScript through the same ?q=', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    const { page } = await openPage(browser, { javaScriptEnabled: false })
    await logIn(page, app.url, member.email)
    await page.goto(`${app.url}/groupes`)
    await page.getByLabel('Rechercher un groupe').fill('bordelais')
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click()
    await page.waitForURL(/\/groupes\?q=bordelais/)
    expect(await page.locator('.group-finder').getByTestId('group-card').allTextContents()).toEqual([expect.stringContaining('Club des Bordelais')])
    await page.goto(`${app.url}/groupes`)
    await page.getByLabel('Année de promotion').selectOption('1987')
    await page.getByRole('button', { name: 'Voir le groupe' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Promotion 1987')
  })
})
