import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { graduates, referralInvitations, users } from '../../db/schema'
import { matchKey } from '../../app/features/roster/names'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { firstLink } from '../support/smtp'

// « Recommander ma promotion » in Chromium (issue #17): a member ticks a classmate of the roster
// (whose address they never see), the invitation arrives by SMTP, and the classmate follows the
// personal link to an account, which the member then sees as the invitation's fate.
const suite = browserSuite({ MAP_TILE_URL: '' })

const PROMOTION = 2011

function classmate(firstName: string, lastName: string, email: string) {
  const now = new Date()
  return suite.app.ctx.db
    .insert(graduates)
    .values({ firstName, lastName, promotion: PROMOTION, email, matchKey: matchKey(lastName, firstName, PROMOTION), createdAt: now, updatedAt: now })
    .returning()
    .get()
}

describe('recommending the network to my promotion', () => {
  it('a member invites a classmate whose invitation arrives by SMTP, and who signs up through its link', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: PROMOTION })
    classmate('Romane', 'Girard', 'romane.girard@exemple.fr')
    for (let i = 0; i < 4; i++) classmate(`Camarade${i}`, 'Dupré', `camarade${i}.dupre@exemple.fr`)

    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/recommander' })
    await page.getByRole('heading', { level: 1, name: 'Recommander ma promotion' }).waitFor()
    await hydrated(page)
    // Names, never addresses.
    expect(await page.content()).not.toContain('romane.girard@exemple.fr')
    expect(await seriousViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)

    // A mistake first: an address that is not one, shown next to its field.
    await page.getByLabel('Adresses e-mail à inviter').fill('pas-une-adresse')
    await page.getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.locator('.field__error', { hasText: 'Cette adresse n’est pas valide : pas-une-adresse' }).waitFor()

    await page.getByLabel('Adresses e-mail à inviter').fill('')
    await page.getByLabel('Romane Girard').check()
    await page.getByLabel('Votre message').fill('On se retrouve au gala de la promo ?')
    await page.getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.getByRole('status').filter({ hasText: '1 invitation envoyée.' }).waitFor()
    await page.locator('tr', { hasText: 'Romane Girard' }).filter({ hasText: 'Envoyée' }).waitFor()
    expect(await page.getByLabel('Romane Girard').count()).toBe(0)

    const mail = await suite.smtp.waitForMail((m) => m.to.includes('romane.girard@exemple.fr'))
    expect(mail.subject).toContain(`${member.firstName} ${member.lastName} vous invite`)
    expect(mail.text).toContain('« On se retrouve au gala de la promo ? »')
    const link = firstLink(mail, '/rejoindre/')

    // The classmate, in a browser of their own.
    const invitee = await openPage(suite.browser, { viewport: { width: 1280, height: 800 } })
    await invitee.page.goto(link)
    await invitee.page.getByText(`${member.firstName} ${member.lastName}, de la promotion ${PROMOTION}, vous invite`).waitFor()
    expect(await seriousViolations(invitee.page)).toEqual([])
    await invitee.page.getByRole('link', { name: 'Créer mon compte' }).click()
    await invitee.page.getByLabel('Nom d’état civil', { exact: true }).fill('Girard')
    await invitee.page.getByLabel('Prénom', { exact: true }).fill('Romane')
    await invitee.page.getByLabel('Adresse e-mail').fill('romane.girard@exemple.fr')
    await invitee.page.getByLabel('Mot de passe').fill('une phrase de passe solide')
    await invitee.page.getByRole('button', { name: 'Créer mon compte' }).click()
    await invitee.page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor()
    const confirm = await suite.smtp.waitForMail((m) => m.to.includes('romane.girard@exemple.fr') && m.text.includes('/inscription/confirmer'))
    await invitee.page.goto(firstLink(confirm, '/inscription/confirmer'))
    await invitee.page.getByRole('button', { name: 'Créer mon compte' }).click()
    // The link sends the new account on to the dues.
    await invitee.page.waitForURL(`${suite.app.url}/cotiser`)
    const account = suite.app.ctx.db.select().from(users).where(eq(users.email, 'romane.girard@exemple.fr')).get()!
    expect(suite.app.ctx.db.select().from(referralInvitations).where(eq(referralInvitations.email, 'romane.girard@exemple.fr')).get()?.joinedUserId).toBe(
      account.id,
    )

    // The member sees it.
    await page.reload()
    await page.locator('tr', { hasText: 'Romane Girard' }).filter({ hasText: 'Compte créé' }).waitFor()
    expect(errors).toEqual([])
    expect(invitee.errors).toEqual([])
  })
})
