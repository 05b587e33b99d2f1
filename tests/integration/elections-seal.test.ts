import crypto from 'node:crypto'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { PDFDocument } from 'pdf-lib'
import { electionCandidacies, electionContests, electionRoll, elections, electionTrustees, outbox } from '../../db/schema'
import { boardOf } from '../../app/features/elections/board.server'
import { credentialFromSecret } from '../../app/features/elections/crypto/ballot'
import { parametersSchema } from '../../app/features/elections/crypto/board'
import { partialDecrypt } from '../../app/features/elections/crypto/threshold'
import { verifyElection } from '../../app/features/elections/crypto/verify'
import { findElection } from '../../app/features/elections/elections.server'
import { sealBlockers } from '../../app/features/elections/seal.server'
import { runElectionJobStep } from '../../app/features/elections/jobs.server'
import { closeBoxIfDue, submitPartialDecryption } from '../../app/features/elections/tally.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { sessionClient } from '../event-factories'
import { careersTestApp } from '../support/careers'
import { ballotFor, ceremonyThroughServer, closeVoting, insertSealedElection, postVote } from '../support/sealed-election'

// Sealing and the tally (#18, steps 4 and 7) through real HTTP and a real SMTP server: every
// refusal named, the credentials mailed once per roll entry and never kept, the box summed at the
// close, two of three trustees decrypting, the results page, the procès-verbal and the verifier.
const t = careersTestApp('10.18.9')
const DAY = 86_400_000
const db = () => t.app.ctx.db

type Member = { id: string; email: string }

/** A draft ready to seal but for the ceremony: candidacies published, roll frozen, no contest. */
async function readyDraft(voters = 5) {
  const now = t.app.ctx.now().getTime()
  const id = `seal-${crypto.randomBytes(6).toString('base64url')}`
  db()
    .insert(elections)
    .values({
      id,
      title: `Élection ${id}`,
      seats: 2,
      threshold: 2,
      tieRule: 'oldest-promotion',
      candidacyOpensAt: new Date(now - 10 * DAY),
      candidacyClosesAt: new Date(now - 2 * DAY),
      rollAt: new Date(now - 2 * DAY),
      rollFrozenAt: new Date(now - 2 * DAY),
      candidatesPublishedAt: new Date(now - 2 * DAY),
      votingOpensAt: new Date(now + DAY),
      votingClosesAt: new Date(now + 3 * DAY),
      createdAt: new Date(now - 11 * DAY),
      updatedAt: new Date(now - 2 * DAY),
    })
    .run()
  const members: Member[] = []
  for (let i = 0; i < voters; i++) {
    const a = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2000 + i })
    members.push({ id: a.id, email: a.email })
    db()
      .insert(electionRoll)
      .values({ electionId: id, userId: a.id, name: `${a.firstName} ${a.lastName}`, promotion: 2000 + i })
      .run()
  }
  // Candidates: the two last members, drawn in reverse promotion order.
  for (const [position, m] of [members[4]!, members[3]!].entries())
    db()
      .insert(electionCandidacies)
      .values({
        electionId: id,
        userId: m.id,
        name: `Candidat ${position + 1}`,
        promotion: 2004 - position,
        statement: 'Je me présente.',
        status: 'validated',
        position: position + 1,
        createdAt: new Date(now - 5 * DAY),
        updatedAt: new Date(now - 5 * DAY),
      })
      .run()
  const trustees = members.slice(0, 3)
  trustees.forEach((m, i) =>
    db()
      .insert(electionTrustees)
      .values({ electionId: id, position: i + 1, userId: m.id, name: `Assesseur ${i + 1}`, updatedAt: new Date(now) })
      .run(),
  )
  return { id, members, trustees }
}

/** The three trustees' browsers, in Node: their key files. */
const ceremony = (id: string, trustees: Member[]) =>
  ceremonyThroughServer(
    t.app.ctx,
    id,
    trustees.map((m) => m.id),
    2,
  )

async function webmaster() {
  const a = await createAccount(t.app.ctx, { role: 'webmaster', membership: 'alumni' })
  return sessionClient(t.app.ctx, t.app.url, a.id)
}

describe('sealing', () => {
  it('names every condition that is missing, on the page and when posted', async () => {
    const { id, trustees } = await readyDraft()
    const blockers = () => sealBlockers(t.app.ctx, findElection(db(), id)!)
    expect(blockers()).toEqual(['ceremony'])
    const admin = await webmaster()
    const page = await admin.get(`/admin/elections/${id}/scellement`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('tous les assesseurs n’ont pas terminé la cérémonie des clés')
    const refused = await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal', confirm: 'yes' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('cérémonie des clés')

    ceremony(id, trustees)
    expect(blockers()).toEqual([])
    const set = (values: Partial<typeof elections.$inferInsert>) => db().update(elections).set(values).where(eq(elections.id, id)).run()
    set({ rollFrozenAt: null })
    expect(blockers()).toEqual(['rollNotFrozen'])
    set({ rollFrozenAt: new Date(t.clock.now - DAY), candidatesPublishedAt: null })
    expect(blockers()).toEqual(['candidacyOpen'])
    set({ candidatesPublishedAt: new Date(t.clock.now - DAY), votingOpensAt: new Date(t.clock.now - 1000) })
    expect(blockers()).toEqual(['votingOpened'])
    set({ votingOpensAt: new Date(t.clock.now + DAY) })
    db().insert(electionContests).values({ electionId: id, userId: trustees[0]!.id, message: 'Oubli ?', createdAt: new Date() }).run()
    expect(blockers()).toEqual(['openContests'])
    db().delete(electionContests).where(eq(electionContests.electionId, id)).run()
    db().update(electionCandidacies).set({ status: 'refused' }).where(eq(electionCandidacies.electionId, id)).run()
    expect(blockers()).toEqual(['noCandidates'])
  })

  it('asks for the confirmation, then seals: parameters, fingerprint, one credential mail per voter, nothing kept', async () => {
    const { id, members, trustees } = await readyDraft()
    const keyFiles = ceremony(id, trustees)
    const admin = await webmaster()
    const unconfirmed = await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer le scellement.')
    const sealed = await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal', confirm: 'yes' })
    expect(sealed.status).toBe(302)

    const election = findElection(db(), id)!
    expect(election.state).toBe('sealed')
    const parameters = parametersSchema.parse(JSON.parse(election.parameters!))
    expect(parameters.roll.size).toBe(members.length)
    expect(parameters.credentials).toHaveLength(members.length)
    expect(parameters.candidates.map((c) => c.name)).toEqual(['Candidat 1', 'Candidat 2'])
    // Oldest promotion first: Candidat 2 (2003) before Candidat 1 (2004).
    expect(parameters.tieRule).toMatchObject({ kind: 'ranking', ranking: [parameters.candidates[1]!.id, parameters.candidates[0]!.id] })
    expect(parameters.publicKey).toBe(keyFiles[0]!.publicKey)

    // Each voter's mail: the code, which derives a sealed credential, and the voting link.
    const secrets = new Map<string, string>()
    for (const m of members) {
      const mail = await t.smtp.waitForMail((x) => x.to.includes(m.email) && x.subject.startsWith('Votre code de vote'))
      expect(mail.text).toContain(election.fingerprint!)
      const code = /\/elections\/[^/]+\/voter#code=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1]
      expect(code).toBeTruthy()
      expect(parameters.credentials).toContain(credentialFromSecret(id, code!).public.encoded)
      secrets.set(m.id, code!)
    }
    expect(t.smtp.mails.filter((x) => x.subject.startsWith('Votre code de vote') && members.some((m) => x.to.includes(m.email)))).toHaveLength(members.length)
    // Once sent, the outbox holds no secret; the database nowhere.
    await expect
      .poll(
        () =>
          db()
            .select()
            .from(outbox)
            .where(eq(outbox.kind, 'elections.secret.credential'))
            .all()
            .filter((r) => r.status !== 'sent').length,
      )
      .toBe(0)
    const dump = t.app.ctx.database.sqlite.serialize().toString('latin1')
    for (const secret of secrets.values()) expect(dump).not.toContain(secret)
    // Nor the files on disk: free pages are zeroed and the write-ahead log truncated after the wipe.
    const onDisk = () =>
      [t.app.ctx.config.DATABASE_PATH, `${t.app.ctx.config.DATABASE_PATH}-wal`]
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f).toString('latin1'))
        .join('')
    await expect.poll(() => [...secrets.values()].filter((secret) => onDisk().includes(secret)).length).toBe(0)

    const again = await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal', confirm: 'yes' })
    expect(again.status).toBe(409)
    const restart = await admin.post(`/admin/elections/${id}/scellement`, { intent: 'restart-ceremony' })
    expect(restart.status).toBe(409)
  })
})

describe('the tally', () => {
  it('closes the box, takes two of three decryptions, publishes results and a PV that the verifier agrees with', async () => {
    const { id, members, trustees } = await readyDraft()
    const keyFiles = ceremony(id, trustees)
    const admin = await webmaster()
    expect((await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal', confirm: 'yes' })).status).toBe(302)
    const election = findElection(db(), id)!
    const parameters = parametersSchema.parse(JSON.parse(election.parameters!))
    const sealed = { id, parameters, fingerprint: election.fingerprint!, secrets: new Map(), keyFiles, candidates: parameters.candidates }

    // Voting opens: four of five vote (two for candidate 2, one for both, one blank).
    t.clock.now += DAY + 1000
    const choices = [[1], [1], [0, 1], []]
    for (const [i, chosen] of choices.entries()) {
      const m = members[i]!
      const mail = await t.smtp.waitForMail((x) => x.to.includes(m.email) && x.subject.startsWith('Votre code de vote'))
      const code = /voter#code=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
      const browser = await sessionClient(t.app.ctx, t.app.url, m.id)
      const answer = await postVote(browser, id, { intent: 'cast', ballot: ballotFor(sealed, code, chosen), password: TEST_PASSWORD })
      expect(answer.status, JSON.stringify(answer.data)).toBe(200)
    }

    // Before the close, nothing to decrypt; after it, the results page closes the box.
    expect(submitPartialDecryption(t.app.ctx, findElection(db(), id)!, 1, '{}')).toMatchObject({ ok: false, error: 'notTallying' })
    t.clock.now += 2 * DAY
    const voter = await sessionClient(t.app.ctx, t.app.url, members[4]!.id)
    const waiting = await voter.get(`/elections/${id}/resultats`)
    expect(waiting.status).toBe(200)
    expect(await waiting.text()).toContain('Les résultats ne sont pas encore publiés')
    expect((await voter.get(`/elections/${id}/proces-verbal.pdf`)).status).toBe(404)
    const tallying = findElection(db(), id)!
    expect(tallying.state).toBe('tallying')
    expect((await closeBoxIfDue(t.app.ctx, tallying)).encryptedTally).toBe(tallying.encryptedTally)

    const encrypted = JSON.parse(tallying.encryptedTally!)
    const partial1 = partialDecrypt(tallying.fingerprint!, keyFiles[0]!, encrypted)
    // Trustee 2's file posted as trustee 1, and a forged factor: both refused.
    expect(submitPartialDecryption(t.app.ctx, tallying, 1, JSON.stringify(partialDecrypt(tallying.fingerprint!, keyFiles[1]!, encrypted)))).toMatchObject({
      ok: false,
      error: 'wrongTrustee',
    })
    const forged = { ...partial1, factors: [partial1.factors[1]!, ...partial1.factors.slice(1)] }
    expect(submitPartialDecryption(t.app.ctx, tallying, 1, JSON.stringify(forged))).toMatchObject({ ok: false, error: 'proof' })
    expect(submitPartialDecryption(t.app.ctx, tallying, 1, 'pas du JSON')).toMatchObject({ ok: false, error: 'format' })

    expect(submitPartialDecryption(t.app.ctx, tallying, 1, JSON.stringify(partial1))).toEqual({ ok: true, published: false })
    expect(submitPartialDecryption(t.app.ctx, tallying, 1, JSON.stringify(partial1))).toMatchObject({ ok: false, error: 'already' })
    const partial3 = partialDecrypt(tallying.fingerprint!, keyFiles[2]!, encrypted)
    expect(submitPartialDecryption(t.app.ctx, findElection(db(), id)!, 3, JSON.stringify(partial3))).toEqual({ ok: true, published: true })

    const published = findElection(db(), id)!
    expect(published.state).toBe('published')
    expect(JSON.parse(published.result!)).toEqual({
      counted: 4,
      blank: 1,
      votes: [1, 3],
      elected: [parameters.candidates[1]!.id, parameters.candidates[0]!.id],
    })
    const verdict = await verifyElection(JSON.parse(JSON.stringify(boardOf(db(), published))))
    expect(verdict).toEqual({ ok: true, result: JSON.parse(published.result!) })

    const page = await voter.get(`/elections/${id}/resultats`)
    const html = await page.text()
    expect(html).toContain('Candidat 2')
    expect(html).toContain('Bulletins blancs : 1')
    expect(html).toContain(published.fingerprint!)
    expect(html).toContain('Déchiffré par Assesseur 1, Assesseur 3.')
    const pdf = await voter.get(`/elections/${id}/proces-verbal.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))
    expect(doc.getSubject()).toBe(published.fingerprint)
    expect(doc.getTitle()).toContain(`Élection ${id}`)
    expect(doc.getPageCount()).toBe(1)
  }, 60_000)

  it('the minute job closes a box whose voting has ended, once, and leaves an open one', async () => {
    const roll: string[] = []
    for (let i = 0; i < 3; i++) roll.push((await createAccount(t.app.ctx, { membership: 'alumni' })).id)
    const open = insertSealedElection(t.app.ctx, { roll, candidates: 1, seats: 1 })
    const ended = insertSealedElection(t.app.ctx, { roll, candidates: 1, seats: 1 })
    closeVoting(t.app.ctx, ended.id)
    await runElectionJobStep(t.app.ctx)
    expect(findElection(db(), open.id)!.state).toBe('sealed')
    const closed = findElection(db(), ended.id)!
    expect(closed.state).toBe('tallying')
    await runElectionJobStep(t.app.ctx)
    expect(findElection(db(), ended.id)!.encryptedTally).toBe(closed.encryptedTally)
  })
})
