import { describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { appeals, decisions, jobOffers, messages, moderationLog, reports, restrictions } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { postMessage } from '../../app/features/groups/discussions.server'
import { joinGroup } from '../../app/features/groups/groups.server'
import { holdContent, isHeld } from '../../app/features/moderation/holds.server'
import { fileReport } from '../../app/features/moderation/reports.server'
import { createAccount, groupOfTwo, jobOfferInput, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { firstLink } from '../support/smtp'

const suite = mailSuite('10.71')

async function loggedIn(account: { email: string }) {
  const client = suite.client()
  await client.login(account.email, TEST_PASSWORD)
  return client
}

async function reporters(count: number) {
  return Promise.all(Array.from({ length: count }, () => createAccount(suite.app.ctx, { membership: 'alumni' })))
}

function report(
  reporterId: string,
  targetKind: 'member' | 'message' | 'offer',
  targetId: string,
  text = 'Des propos blessants, répétés dans plusieurs messages.',
) {
  const filed = fileReport(suite.app.ctx, { reporterId, targetKind, targetId, reason: 'harassment', text })
  if (!filed.ok) throw new Error(`report refused: ${filed.error}`)
  return filed.reportId
}

const statementTo = (email: string) => suite.smtp.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('Décision de modération'))

describe('the desk', () => {
  it('is for webmasters only: a visitor is sent to log in, a member gets 403', async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const memberClient = await loggedIn(member)
    const admin = await loggedIn(await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' }))
    for (const path of ['/admin/moderation', '/admin/moderation/recours', '/admin/moderation/journal', `/admin/moderation/member/${member.id}`]) {
      const visitor = await suite.client().get(path)
      expect(visitor.status, path).toBe(302)
      expect(visitor.headers.get('location'), path).toMatch(/^\/connexion\?redirectTo=/)
      expect((await memberClient.get(path)).status, path).toBe(403)
      expect((await admin.get(path)).status, path).toBe(200)
    }
    expect(
      (await memberClient.post(`/admin/moderation/member/${member.id}`, { intent: 'decide', action: 'warn', facts: 'Un avertissement forgé.' })).status,
    ).toBe(403)
    expect((await admin.get('/admin/moderation/bidule/12')).status).toBe(404)
    expect((await admin.get('/admin/moderation/message/999999')).status).toBe(404)
  })

  it('groups the reports by target, oldest first, with the reporter, the weight and the content as reported', async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const [first, second] = await reporters(2)
    const { other: author, chatId, groupId } = await groupOfTwo(suite.app.ctx, 'Voile', 'Les régates du dimanche')
    for (const r of [first, second]) joinGroup(suite.app.ctx, r.id, groupId)
    const posted = postMessage(suite.app.ctx, loadViewer(suite.app.ctx, author.id)!, {
      threadId: chatId,
      body: 'Texte d’origine du message signalé',
      baseUrl: suite.app.url,
    })
    if (!posted.ok) throw new Error(posted.error)
    report(first.id, 'message', String(posted.message.id))
    report(second.id, 'message', String(posted.message.id), 'Ce message vise une personne nommément, encore.')
    // Edited after the reports: the desk shows both versions.
    suite.app.ctx.db.update(messages).set({ body: 'Texte corrigé après coup' }).where(eq(messages.id, posted.message.id)).run()
    const queue = await (await admin.get('/admin/moderation?kind=message')).text()
    expect(queue).toContain('Texte d’origine du message signalé')
    expect(queue).toContain('Texte corrigé après coup')
    // Accounts younger than 30 days weigh 0.5.
    expect(queue).toContain(`${first.firstName} ${first.lastName}, poids 0,5`)
    expect(queue).toContain('Ce message vise une personne nommément, encore.')
    expect(queue).toContain('Harcèlement')
    const page = await (await admin.get(`/admin/moderation/message/${posted.message.id}`)).text()
    expect(page).toContain('Signalements (2)')
    expect(page).toContain('Modifié depuis le signalement')
    // The admin navigation counts the open targets.
    expect(await (await admin.get('/admin/comptes')).text()).toMatch(/Modération<span class="badge badge--count"[^>]*>\d+/)
  })
})

describe('decisions', () => {
  it('mails a statement of reasons for a warning, marks the reports and tells the reporters the outcome only', async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const subject = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const [a, b] = await reporters(2)
    const ids = [report(a.id, 'member', subject.id), report(b.id, 'member', subject.id)]
    const facts = 'Trois messages privés insistants après un refus clair, le 3 mars.'
    const response = await admin.post(`/admin/moderation/member/${subject.id}`, { intent: 'decide', action: 'warn', facts, clause: '4.2' })
    expect(response.status).toBe(302)

    const mail = await statementTo(subject.email)
    expect(mail.text).toContain('avertissement')
    expect(mail.text).toContain(facts)
    expect(mail.text).toContain('article 4.2 des conditions d’utilisation')
    expect(mail.html).toContain('Contester la décision')
    const link = firstLink(mail, '/recours/')
    expect((await suite.client().get(new URL(link).pathname)).status).toBe(200)

    const decision = suite.app.ctx.db.select().from(decisions).where(eq(decisions.subjectUserId, subject.id)).get()!
    expect(decision).toMatchObject({ action: 'warn', clause: '4.2', decidedBy: webmaster.id })
    const handled = suite.app.ctx.db.select().from(reports).where(eq(reports.targetId, subject.id)).all()
    expect(handled.map((r) => [r.id, r.status, r.decisionId])).toEqual(ids.map((id) => [id, 'actioned', decision.id]))
    for (const reporter of [a, b]) {
      const outcome = await suite.smtp.waitForMail((m) => m.to.includes(reporter.email) && m.subject.startsWith('Votre signalement a été examiné'))
      expect(outcome.text).not.toContain(facts)
    }
    const log = suite.app.ctx.db
      .select()
      .from(moderationLog)
      .where(and(eq(moderationLog.subjectUserId, subject.id), eq(moderationLog.action, 'decision.warn')))
      .get()
    expect(log?.actorId).toBe(webmaster.id)
    const journal = await (await admin.get('/admin/moderation/journal')).text()
    expect(journal).toContain('Décision : avertissement')
  })

  it('restricts for N days (the statement gives the end), removes content, and dismisses with its own mail', async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const restricted = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const [reporter] = await reporters(1)
    report(reporter.id, 'member', restricted.id)
    const restrict = await admin.post(`/admin/moderation/member/${restricted.id}`, {
      intent: 'decide',
      action: 'restrict',
      facts: 'Publicité répétée dans les groupes.',
      durationDays: '7',
    })
    expect(restrict.status).toBe(302)
    const restriction = suite.app.ctx.db.select().from(restrictions).where(eq(restrictions.userId, restricted.id)).get()!
    expect(restriction.source).toBe('decision')
    const decision = suite.app.ctx.db.select().from(decisions).where(eq(decisions.subjectUserId, restricted.id)).get()!
    expect(restriction.decisionId).toBe(decision.id)
    expect(restriction.endsAt!.getTime()).toBe(decision.decidedAt.getTime() + 7 * 86400_000)
    const restrictMail = await statementTo(restricted.email)
    expect(restrictMail.text).toMatch(/Durée\u00a0: 7 jours, jusqu’au/)

    const poster = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const created = createJobOffer(suite.app.ctx, poster.id, jobOfferInput(suite.app.ctx.now(), { title: 'Offre douteuse' }))
    if (!created.ok) throw new Error(created.error)
    approveJobOffer(suite.app.ctx, webmaster.id, created.id)
    report(reporter.id, 'offer', String(created.id))
    expect(
      (await admin.post(`/admin/moderation/offer/${created.id}`, { intent: 'decide', action: 'remove', facts: 'Offre sans rapport avec une embauche réelle.' }))
        .status,
    ).toBe(302)
    expect(suite.app.ctx.db.select().from(jobOffers).where(eq(jobOffers.id, created.id)).get()?.status).toBe('rejected')
    expect((await statementTo(poster.email)).text).toContain('ont retiré « Offre douteuse')
    expect((await (await loggedIn(reporter)).get(`/carriere/offres/${created.id}`)).status).toBe(404)

    const innocent = await createAccount(suite.app.ctx, { membership: 'alumni' })
    report(reporter.id, 'member', innocent.id)
    expect(
      (await admin.post(`/admin/moderation/member/${innocent.id}`, { intent: 'decide', action: 'dismiss', facts: 'Rien de contraire aux conditions.' })).status,
    ).toBe(302)
    expect((await statementTo(innocent.email)).text).toContain('classés sans suite')
    expect(suite.app.ctx.db.select().from(reports).where(eq(reports.targetId, innocent.id)).get()?.status).toBe('dismissed')
  })

  it('releases a held message when dismissed; a removed message comes back when the appeal reverses the removal', async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const reviewer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const { other: author, chatId, groupId } = await groupOfTwo(suite.app.ctx, 'Randonnée', 'Sorties en montagne')
    const [reporter] = await reporters(1)
    joinGroup(suite.app.ctx, reporter.id, groupId)
    const say = (body: string) => {
      const posted = postMessage(suite.app.ctx, loadViewer(suite.app.ctx, author.id)!, { threadId: chatId, body, baseUrl: suite.app.url })
      if (!posted.ok) throw new Error(posted.error)
      return posted.message.id
    }
    const held = say('Un message masqué en attente d’examen.')
    report(reporter.id, 'message', String(held))
    holdContent(suite.app.ctx, 'message', held)
    expect(
      (await admin.post(`/admin/moderation/message/${held}`, { intent: 'decide', action: 'dismiss', facts: 'Le message ne contrevient à rien.' })).status,
    ).toBe(302)
    expect(isHeld(suite.app.ctx, 'message', held)).toBe(false)

    const removed = say('Un message retiré puis rétabli.')
    report(reporter.id, 'message', String(removed))
    expect(
      (await admin.post(`/admin/moderation/message/${removed}`, { intent: 'decide', action: 'remove', facts: 'Propos déplacés envers un membre.' })).status,
    ).toBe(302)
    expect(suite.app.ctx.db.select().from(messages).where(eq(messages.id, removed)).get()?.deletedAt).not.toBeNull()
    const statement = await suite.smtp.waitForMail((m) => m.to.includes(author.email) && m.text.includes('Propos déplacés envers un membre.'))
    const appealPath = new URL(firstLink(statement, '/recours/')).pathname
    expect((await suite.client().post(appealPath, { text: 'Ce message citait un livre, il n’insultait personne.' })).status).toBe(200)
    const decision = suite.app.ctx.db
      .select()
      .from(decisions)
      .where(and(eq(decisions.targetKind, 'message'), eq(decisions.targetId, String(removed))))
      .get()!
    const appeal = suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decision.id)).get()!
    const answer = await (
      await loggedIn(reviewer)
    ).post('/admin/moderation/recours', { intent: 'answer', appealId: String(appeal.id), outcome: 'reversed', answer: 'La citation était claire.' })
    expect(answer.status).toBe(302)
    expect(suite.app.ctx.db.select().from(messages).where(eq(messages.id, removed)).get()?.deletedAt).toBeNull()
  })

  it('answers hostile or impossible decisions with a 4xx and a French message, deciding nothing', async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const subject = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const path = `/admin/moderation/member/${subject.id}`
    const cases: [Record<string, string>, number, string | RegExp][] = [
      [{ intent: 'decide', action: 'warn', facts: '' }, 400, 'Écrivez les faits retenus.'],
      [{ intent: 'decide', action: 'warn', facts: 'court' }, 400, 'Écrivez au moins 10 caractères.'],
      [{ intent: 'decide', action: 'warn', facts: 'x'.repeat(4001) }, 400, /Écrivez au plus 4\s000 caractères\./],
      [{ intent: 'decide', action: 'bannir', facts: 'Des faits suffisamment longs.' }, 400, 'Choisissez une décision.'],
      [{ intent: 'decide', action: 'warn', facts: 'Des faits suffisamment longs.', clause: '<script>' }, 400, 'Écrivez un numéro d’article'],
      [{ intent: 'decide', action: 'restrict', facts: 'Des faits suffisamment longs.' }, 400, 'Indiquez la durée de la restriction.'],
      [{ intent: 'decide', action: 'restrict', facts: 'Des faits suffisamment longs.', durationDays: '9999' }, 400, 'entre 1 et 365'],
      [{ intent: 'decide', action: 'remove', facts: 'Un profil ne se retire pas ainsi.' }, 409, 'pas possible pour cette cible'],
      [{ intent: 'decide', action: 'reactivate', facts: 'Ce compte est déjà actif, voyons.' }, 409, 'pas possible pour cette cible'],
    ]
    for (const [form, status, message] of cases) {
      const response = await admin.post(path, form)
      expect(response.status, JSON.stringify(form).slice(0, 80)).toBe(status)
      expect(await response.text()).toMatch(message)
    }
    const self = await admin.post(`/admin/moderation/member/${webmaster.id}`, { intent: 'decide', action: 'deactivate', facts: 'Je me désactive moi-même.' })
    expect(self.status).toBe(409)
    expect(suite.app.ctx.db.select().from(decisions).where(eq(decisions.subjectUserId, subject.id)).all()).toHaveLength(0)
  })
})
