import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import { createAccount } from '../factories'
import { hydrated, launchBrowser, logIn, openPage } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

/** Each message's actions sit behind its « ⋯ » menu (a disclosure: Playwright gives `<summary>` no role). */
async function openMenu(message: Locator) {
  await message.locator('summary', { hasText: 'Actions sur le message de' }).click()
}

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

describe('live group chat in the browser', () => {
  it('two members chat live: typing, online, an edit and a deletion seen by the other', { timeout: 60_000 }, async () => {
    const alice = await createAccount(app.ctx, { membership: 'alumni' })
    const bob = await createAccount(app.ctx, { membership: 'alumni' })
    const groupId = createGroup(
      app.ctx,
      { id: alice.id, isWebmaster: true },
      { name: 'Voile', description: 'Les marins de l’association', kind: 'interest', visibility: 'public' },
    )
    joinGroup(app.ctx, bob.id, groupId)

    const a = await openPage(browser)
    const b = await openPage(browser)
    await logIn(a.page, app.url, alice.email)
    await logIn(b.page, app.url, bob.email)
    for (const { page } of [a, b]) {
      await page.goto(`${app.url}/groupes/${groupId}`)
      await hydrated(page)
    }
    // Each sees the other online.
    await expect.poll(() => a.page.getByTestId('online').textContent()).toContain(`${bob.firstName} ${bob.lastName}`)
    await expect.poll(() => b.page.getByTestId('online').textContent()).toContain(`${alice.firstName} ${alice.lastName}`)

    // Bob sees Alice typing, then her message arrives without reloading.
    const box = a.page.getByLabel('Votre message')
    // Typed key by key (the typing signal needs keystrokes): slower than the default action timeout on a loaded machine.
    await box.pressSequentially('On part dimanche ? **Vent 15 nœuds**', { delay: 20, timeout: 30_000 })
    await b.page.getByText(`${alice.firstName} ${alice.lastName} écrit…`).waitFor()
    await box.press('Enter')
    const received = b.page.locator('.chat-message', { hasText: 'On part dimanche ?' })
    await received.waitFor()
    expect(await received.locator('strong', { hasText: 'Vent 15 nœuds' }).count()).toBe(1)

    // Alice edits it: Bob sees the new text; then she deletes it: Bob sees it gone.
    const own = a.page.locator('.chat-message--own', { hasText: 'On part dimanche ?' })
    await openMenu(own)
    await own.getByRole('button', { name: 'Modifier' }).click()
    await own.getByLabel('Modifier').fill('On part samedi finalement.')
    await own.getByRole('button', { name: 'Enregistrer' }).click()
    await b.page.locator('.chat-message', { hasText: 'On part samedi finalement.' }).getByText('modifié').waitFor()

    a.page.once('dialog', (dialog) => void dialog.accept())
    const edited = a.page.locator('.chat-message--own', { hasText: 'On part samedi' })
    await openMenu(edited)
    await edited.getByRole('button', { name: 'Supprimer' }).click()
    await b.page.getByText('Message supprimé.').waitFor()
    expect(await b.page.getByText('On part samedi finalement.').count()).toBe(0)
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  it('posts without JavaScript through the same service', async () => {
    const carol = await createAccount(app.ctx, { membership: 'alumni' })
    const groupId = createGroup(
      app.ctx,
      { id: carol.id, isWebmaster: true },
      { name: 'Sans JS', description: 'Un groupe de test sans JavaScript', kind: 'interest', visibility: 'public' },
    )
    const { page } = await openPage(browser, { javaScriptEnabled: false })
    await logIn(page, app.url, carol.email)
    await page.goto(`${app.url}/groupes/${groupId}`)
    await page.getByLabel('Votre message').fill('Bonjour sans JavaScript')
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await page.locator('.chat-message', { hasText: 'Bonjour sans JavaScript' }).waitFor()
  })
})
