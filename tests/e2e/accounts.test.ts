import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { users } from '../../db/schema'
import { setAccountStatus } from '../../app/features/accounts/accounts.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { fillLogin, hydrated, openPage } from '../support/browser'
import { firstLink } from '../support/smtp'
import { browserSuite } from '../support/browser-suite'

const suite = browserSuite()

const logIn = fillLogin

describe('accounts in the browser', () => {
  it('signs up, logs out and logs back in', async () => {
    const { page, errors } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/`)
    await hydrated(page)
    await page.getByRole('link', { name: /compte gratuit/ }).click()
    await page.getByLabel('Nom d’état civil').fill('Dupont')
    await page.getByLabel('Prénom').fill('Amélie')
    await page.getByLabel('Adresse e-mail').fill('amelie.dupont@exemple.fr')
    await page.getByLabel('Mot de passe').fill('court')
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    // The error sits next to the field, tied to it, and the input is kept.
    const password = page.getByLabel('Mot de passe')
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => page.locator('.field__error', { hasText: 'Le mot de passe doit contenir au moins 10 caractères.' }).isVisible()).toBe(true)
    expect(await page.getByLabel('Nom d’état civil').inputValue()).toBe('Dupont')

    await password.fill('ma phrase de passe à moi')
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    // The same page for a new and a taken address; the mail holds the link that creates the account.
    await page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('amelie.dupont@exemple.fr'))
    await page.goto(firstLink(mail, '/inscription/confirmer'))
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    await page.getByRole('heading', { name: 'Bonjour Amélie !' }).waitFor()
    await page.getByText('Votre compte est créé').first().waitFor()

    await page.getByRole('button', { name: 'Déconnexion' }).first().click()
    await page.getByText('Vous êtes déconnecté').waitFor()
    await page.getByRole('link', { name: 'Connexion' }).first().click()
    await logIn(page, 'amelie.dupont@exemple.fr', 'ma phrase de passe à moi')
    await page.getByRole('heading', { name: 'Bonjour Amélie !' }).waitFor()
    expect(errors).toEqual([])
  })

  it('changes the password: a wrong current password is refused, the right one works', async () => {
    const account = await createAccount(suite.app.ctx)
    const { page } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/connexion?redirectTo=/mon-compte`)
    await logIn(page, account.email, TEST_PASSWORD)
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor()
    // The FAQ's way: « Mon compte », then the menu of the left column.
    await page.getByRole('navigation', { name: 'Menu de mon compte' }).getByRole('link', { name: 'Coordonnées et mot de passe' }).click()
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Changer de mot de passe' }) })
    await form.getByLabel('Mot de passe actuel').fill('pas le bon mot de passe')
    await form.getByLabel('Nouveau mot de passe').fill('un nouveau secret solide')
    await form.getByRole('button', { name: 'Changer le mot de passe' }).click()
    await form.locator('.field__error', { hasText: 'Le mot de passe actuel est incorrect.' }).waitFor()

    await form.getByLabel('Mot de passe actuel').fill(TEST_PASSWORD)
    await form.getByLabel('Nouveau mot de passe').fill('un nouveau secret solide')
    await form.getByRole('button', { name: 'Changer le mot de passe' }).click()
    await page.getByText('Mot de passe changé.').waitFor()
  })

  it('changes the email once the link sent to the new address is followed', async () => {
    const account = await createAccount(suite.app.ctx)
    const { page } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/connexion?redirectTo=/mon-compte`)
    await logIn(page, account.email, TEST_PASSWORD)
    await page.getByRole('navigation', { name: 'Menu de mon compte' }).getByRole('link', { name: 'Coordonnées et mot de passe' }).click()
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Changer d’adresse e-mail' }) })
    await form.getByLabel('Nouvelle adresse e-mail').fill('adresse.neuve@exemple.fr')
    await form.getByLabel('Mot de passe actuel').fill(TEST_PASSWORD)
    await form.getByRole('button', { name: 'Envoyer le lien de confirmation' }).click()
    await page.getByText('Un lien de confirmation a été envoyé à adresse.neuve@exemple.fr').waitFor()
    expect(await page.getByTestId('current-email').textContent()).toBe(account.email)

    const mail = await suite.smtp.waitForMail((m) => m.to.includes('adresse.neuve@exemple.fr'))
    await page.goto(firstLink(mail, '/confirmer-email?token='))
    await page.getByRole('button', { name: 'Confirmer cette adresse' }).click()
    await page.getByText('Votre adresse e-mail est désormais adresse.neuve@exemple.fr').waitFor()
    expect(await page.getByTestId('current-email').textContent()).toBe('adresse.neuve@exemple.fr')
  })

  it('resets a forgotten password end to end through SMTP', async () => {
    const account = await createAccount(suite.app.ctx)
    const { page } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/connexion`)
    await hydrated(page)
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click()
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor()
    await page.getByLabel('Adresse e-mail').fill(account.email)
    await page.getByRole('button', { name: 'Recevoir le lien' }).click()
    await page.getByText('Si un compte existe à cette adresse').waitFor()

    const mail = await suite.smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.startsWith('Réinitialisation'))
    expect(mail.text).toContain(`Bonjour ${account.firstName},`)
    await page.goto(firstLink(mail, '/reinitialiser-mot-de-passe?token='))
    await page.getByLabel('Nouveau mot de passe').fill('retrouvé grâce au lien')
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
    await page.getByText('Votre mot de passe a été changé').waitFor()
    await logIn(page, account.email, 'retrouvé grâce au lien')
    await page.getByRole('heading', { name: `Bonjour ${account.firstName} !` }).waitFor()
  })

  it('refuses a deactivated account with a message that says how to contact the association', async () => {
    const account = await createAccount(suite.app.ctx)
    setAccountStatus(suite.app.ctx, { userId: account.id, status: 'deactivated' })
    const { page } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/connexion`)
    await logIn(page, account.email, TEST_PASSWORD)
    const alert = page.getByRole('alert')
    await alert.getByText('Ce compte est désactivé').waitFor()
    expect(await alert.textContent()).toContain(suite.app.ctx.config.ASSOCIATION_EMAIL)
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, account.id)).get()?.status).toBe('deactivated')
  })

  it('sends a visitor from /annuaire to the log-in page, then back to the directory', async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/annuaire`)
    expect(new URL(page.url()).pathname).toBe('/connexion')
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/annuaire')
    await logIn(page, member.email, TEST_PASSWORD)
    await page.waitForURL(`${suite.app.url}/annuaire`)
    await page.getByRole('heading', { name: 'Annuaire' }).waitFor()
  })

  it('logs in without JavaScript', async () => {
    const account = await createAccount(suite.app.ctx)
    const { page } = await openPage(suite.browser, { javaScriptEnabled: false })
    await page.goto(`${suite.app.url}/connexion`)
    await logIn(page, 'pas-une-adresse', 'x')
    await page.locator('.field__error', { hasText: 'Saisissez une adresse e-mail valide' }).waitFor()
    await logIn(page, account.email, TEST_PASSWORD)
    await page.getByRole('heading', { name: `Bonjour ${account.firstName} !` }).waitFor()
  })
})
