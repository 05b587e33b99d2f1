import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { appeals, restrictions } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { decide } from '../../app/features/moderation/decisions.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { firstLink } from '../support/smtp'

const suite = mailSuite('10.72')
const DAY = 86400_000

async function loggedIn(account: { email: string }) {
  const client = suite.client()
  await client.login(account.email, TEST_PASSWORD)
  return client
}

/** A decision by `decider` about a new member, and the path of its « Contester la décision » link from the mail. */
async function decided(decider: { id: string }, action: 'deactivate' | 'restrict' | 'warn', facts = 'Messages agressifs envoyés à trois membres.') {
  const subject = await createAccount(suite.app.ctx, { membership: 'alumni' })
  const result = await decide(suite.app.ctx, {
    by: decider.id,
    targetKind: 'member',
    targetId: subject.id,
    action,
    facts,
    durationDays: action === 'restrict' ? 10 : null,
    baseUrl: suite.app.url,
  })
  if (!result.ok) throw new Error(result.error)
  const mail = await suite.smtp.waitForMail((m) => m.to.includes(subject.email) && m.subject.startsWith('Décision de modération'))
  return { subject, decisionId: result.decisionId, path: new URL(firstLink(mail, '/recours/')).pathname }
}

/** Moves the server's clock by `days` for the duration of `work`. */
async function later<T>(days: number, work: () => Promise<T>): Promise<T> {
  const realNow = suite.app.ctx.now
  suite.app.ctx.now = () => new Date(realNow().getTime() + days * DAY)
  try {
    return await work()
  } finally {
    suite.app.ctx.now = realNow
  }
}

describe('appeals by token', () => {
  it('works without a session, once, and goes to another webmaster than the decider, who is mailed', async () => {
    const decider = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const other = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const facts = 'Propos injurieux dans le forum, le 12 mars.'
    const { subject, decisionId, path } = await decided(decider, 'deactivate', facts)
    const visitor = suite.client()
    const page = await visitor.get(path)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(facts)
    expect(html).toContain('Désactivation du compte')
    expect(html).toContain('Envoyer mon recours')

    const short = await visitor.post(path, { text: 'non' })
    expect(short.status).toBe(400)
    expect(await short.text()).toContain('Écrivez au moins 10 caractères.')

    const filed = await visitor.post(path, { text: 'Je n’ai jamais écrit ce message : mon compte avait été piraté ce jour-là.' })
    expect(filed.status).toBe(200)
    expect(await filed.text()).toContain('Votre recours est enregistré')
    const appeal = suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decisionId)).get()!
    // The only webmasters so far are the decider and the other one: it goes to the other.
    expect(appeal.assignedTo).toBe(other.id)
    await suite.smtp.waitForMail((m) => m.to.includes(other.email) && m.subject.startsWith('Un recours vous est confié'))
    expect(suite.smtp.mailsTo(decider.email).some((m) => m.subject.startsWith('Un recours vous est confié'))).toBe(false)
    await suite.smtp.waitForMail((m) => m.to.includes(subject.email) && m.subject.startsWith('Votre recours est enregistré'))

    // Twice: refused, and the page says so.
    const again = await visitor.post(path, { text: 'Je conteste une seconde fois cette décision.' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('ne se conteste qu’une fois')
    expect(await (await visitor.get(path)).text()).toContain('Une décision ne se conteste qu’une fois')
    expect(suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decisionId)).all()).toHaveLength(1)
  })

  it('refuses after 20 days with a clear page, and answers 404 to forged, unknown or expired tokens', async () => {
    const decider = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const { decisionId, path } = await decided(decider, 'warn')
    await later(21, async () => {
      const page = await suite.client().get(path)
      expect(page.status).toBe(410)
      expect(await page.text()).toContain('Le délai de recours est passé')
      const late = await suite.client().post(path, { text: 'Je conteste, même en retard.' })
      expect(late.status).toBe(410)
      expect(await late.text()).toContain('Le délai de 20 jours')
    })
    expect(suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decisionId)).all()).toHaveLength(0)
    const token = path.split('/').pop()!
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
    const otherDecision = token.replace(/^\d+/, String(decisionId + 1000))
    for (const bad of [`/recours/${forged}`, `/recours/${otherDecision}`, '/recours/abc', `/recours/${'9'.repeat(200)}`, '/recours/1.%00']) {
      expect((await suite.client().get(bad)).status, bad).toBe(404)
      expect((await suite.client().post(bad, { text: 'Un recours sur un jeton forgé.' })).status, bad).toBe(404)
    }
    await later(60, async () => expect((await suite.client().get(path)).status).toBe(404))
  })

  it('lets only another webmaster answer; a reversal undoes the decision and is mailed', async () => {
    const decider = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const reviewer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const { subject, decisionId, path } = await decided(decider, 'restrict')
    expect((await suite.client().post(path, { text: 'La restriction repose sur un malentendu avec un autre membre.' })).status).toBe(200)
    const appeal = suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decisionId)).get()!

    const deciderClient = await loggedIn(decider)
    expect(await (await deciderClient.get('/admin/moderation/recours')).text()).toContain('La restriction repose sur un malentendu')
    const refused = await deciderClient.post('/admin/moderation/recours', {
      intent: 'answer',
      appealId: String(appeal.id),
      outcome: 'upheld',
      answer: 'Je maintiens ma propre décision.',
    })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('un autre webmaster doit répondre')

    const reviewerClient = await loggedIn(reviewer)
    const invalid = await reviewerClient.post('/admin/moderation/recours', { intent: 'answer', appealId: String(appeal.id), outcome: 'peut-être', answer: '' })
    expect(invalid.status).toBe(400)
    const answer = 'Le message visait un autre membre portant le même nom.'
    const done = await reviewerClient.post('/admin/moderation/recours', { intent: 'answer', appealId: String(appeal.id), outcome: 'reversed', answer })
    expect(done.status).toBe(302)
    const restriction = suite.app.ctx.db.select().from(restrictions).where(eq(restrictions.userId, subject.id)).get()!
    expect(restriction.liftedAt).not.toBeNull()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(subject.email) && m.subject.startsWith('Réponse à votre recours'))
    expect(mail.text).toContain('est annulée')
    expect(mail.text).toContain(answer)
    expect(await (await suite.client().get(path)).text()).toContain('la décision est annulée')
    const twice = await reviewerClient.post('/admin/moderation/recours', {
      intent: 'answer',
      appealId: String(appeal.id),
      outcome: 'upheld',
      answer: 'Finalement je maintiens.',
    })
    expect(twice.status).toBe(409)
  })

  it('reverses a deactivation: the account comes back, and the person is told refunded tickets are not re-booked', async () => {
    const decider = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const reviewer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const { subject, decisionId, path } = await decided(decider, 'deactivate')
    expect(loadViewer(suite.app.ctx, subject.id)).toBeNull()
    expect((await suite.client().post(path, { text: 'Ce n’était pas moi, mon compte a été utilisé par un tiers.' })).status).toBe(200)
    const appeal = suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decisionId)).get()!
    const reviewerClient = await loggedIn(reviewer)
    const answer = 'Les connexions venaient bien d’un autre appareil.'
    expect(
      (await reviewerClient.post('/admin/moderation/recours', { intent: 'answer', appealId: String(appeal.id), outcome: 'reversed', answer })).status,
    ).toBe(302)
    expect(loadViewer(suite.app.ctx, subject.id)).not.toBeNull()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(subject.email) && m.subject.startsWith('Réponse à votre recours'))
    expect(mail.text).toContain('Les billets remboursés lors de la désactivation ne sont pas réservés à nouveau')
    expect((await loggedIn(subject)).cookies.has('amicale_session')).toBe(true)
  })
})
