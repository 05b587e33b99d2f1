import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { electionBallots, electionRoll, electionVoteCodes } from '../../db/schema'
import { credentialFromSecret, MAX_BALLOT_TEXT, newCredentialSecret, trackerOfText } from '../../app/features/elections/crypto/ballot'
import { createAccount, TEST_PASSWORD } from '../factories'
import { sessionClient } from '../event-factories'
import { careersTestApp } from '../support/careers'
import { ballotFor, closeVoting, insertSealedElection, postVote, runVerifier, tallyAndPublish, type SealedElection } from '../support/sealed-election'

// Voting (#18): a whole election of 50 voters through real HTTP — ballots encrypted in Node as the
// page's browser code does, revotes, refusals in French next to their field, the mail code, double
// submissions at once — then the board, its export and `npm run election:verify` on it and on
// altered copies.
const t = careersTestApp('10.18.5')
const VOTERS = 50
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-voting-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

type Voter = { id: string; email: string; browser: Awaited<ReturnType<typeof sessionClient>> }
let voters: Voter[] = []
let extra: Voter[] = []
let sealed: SealedElection
/** What each voter's last ballot chose (by voter index). */
const lastChoices = new Map<number, number[]>()
const trackers = new Map<number, string>()

async function member(): Promise<Voter> {
  const account = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2010 })
  return { id: account.id, email: account.email, browser: await sessionClient(t.app.ctx, t.app.url, account.id) }
}

const choicesOf = (i: number) => (i % 10 === 9 ? [] : [i % 4, (i + 1) % 4].slice(0, 1 + (i % 2)).sort())
const box = (id: string) => t.app.ctx.db.select().from(electionBallots).where(eq(electionBallots.electionId, id)).all()
const rollOf = (id: string, userId: string) =>
  t.app.ctx.db
    .select()
    .from(electionRoll)
    .where(and(eq(electionRoll.electionId, id), eq(electionRoll.userId, userId)))
    .get()

async function cast(v: Voter, choices: number[], election = sealed, extraFields: Record<string, string> = {}) {
  const ballot = ballotFor(election, election.secrets.get(v.id)!, choices)
  return postVote(v.browser, election.id, { intent: 'cast', ballot, password: TEST_PASSWORD, ...extraFields })
}

beforeAll(async () => {
  voters = []
  for (let i = 0; i < VOTERS; i++) voters.push(await member())
  extra = [await member(), await member()]
  sealed = insertSealedElection(t.app.ctx, { roll: [...voters, ...extra].map((v) => v.id), candidates: 4, seats: 2 })
}, 60_000)

describe('casting', () => {
  it('puts 50 ballots in the box over HTTP, marks the roll, answers the tracker and mails it', async () => {
    for (let start = 0; start < VOTERS; start += 5) {
      const batch = voters.slice(start, start + 5).map(async (v, k) => {
        const i = start + k
        const answer = await cast(v, choicesOf(i))
        expect(answer.status, JSON.stringify(answer.data)).toBe(200)
        expect(answer.data.tracker).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(answer.data.replaced).toBe(false)
        trackers.set(i, answer.data.tracker!)
        lastChoices.set(i, choicesOf(i))
      })
      await Promise.all(batch)
    }
    expect(box(sealed.id)).toHaveLength(VOTERS)
    expect(rollOf(sealed.id, voters[0]!.id)!.voted).toBe(true)
    expect(rollOf(sealed.id, extra[0]!.id)!.voted).toBe(false)

    const mail = await t.smtp.waitForMail((m) => m.to.includes(voters[3]!.email) && m.subject.startsWith('Votre bulletin est dans l’urne'))
    expect(mail.text).toContain(trackers.get(3)!)
    expect(mail.text).toContain(sealed.fingerprint)
    expect(mail.text).toContain('remplacera celui-ci')
    expect(mail.text).toContain(`/elections/${sealed.id}/urne`)
  }, 60_000)

  it('a revote replaces the ballot: the board has the new tracker, not the old', async () => {
    for (const i of [0, 1, 2]) {
      const answer = await cast(voters[i]!, [3])
      expect(answer.status).toBe(200)
      expect(answer.data.replaced).toBe(true)
      expect(answer.data.tracker).not.toBe(trackers.get(i))
      const trackerRows = box(sealed.id).map((r) => r.tracker)
      expect(trackerRows).toContain(answer.data.tracker)
      expect(trackerRows).not.toContain(trackers.get(i))
      trackers.set(i, answer.data.tracker!)
      lastChoices.set(i, [3])
    }
    expect(box(sealed.id)).toHaveLength(VOTERS)
    const page = await voters[0]!.browser.get(`/elections/${sealed.id}/voter`)
    expect(await page.text()).toContain('Vous avez déjà voté.')
  }, 30_000)

  it('ends concurrent double submissions of one voter with one box row, voted once, no error', async () => {
    const v = extra[1]!
    const answers = await Promise.all([[0], [1], [0, 1], []].map((choices) => cast(v, choices)))
    for (const a of answers) expect(a.status, JSON.stringify(a.data)).toBe(200)
    const credential = credentialFromSecret(sealed.id, sealed.secrets.get(v.id)!).public.encoded
    const rows = box(sealed.id).filter((r) => r.credential === credential)
    expect(rows).toHaveLength(1)
    expect(answers.map((a) => a.data.tracker)).toContain(rows[0]!.tracker)
    expect(rollOf(sealed.id, v.id)!.voted).toBe(true)
    const votedCount = t.app.ctx.db
      .select()
      .from(electionRoll)
      .where(and(eq(electionRoll.electionId, sealed.id), eq(electionRoll.voted, true)))
      .all().length
    expect(votedCount).toBe(box(sealed.id).length)
    // Its last ballot is whichever committed last: the tally reads the box, so does the check below.
    lastChoices.set(VOTERS + 1, [])
  }, 30_000)

  it('refuses a member who is not on the roll and a registered non-member (403, in French)', async () => {
    const outsider = await member()
    const ballot = ballotFor(sealed, newCredentialSecret(), [0])
    const refused = await postVote(outsider.browser, sealed.id, { intent: 'cast', ballot, password: TEST_PASSWORD })
    expect(refused.status).toBe(403)
    expect(refused.data.errors?.form?.[0]).toBe('Vous n’êtes pas sur la liste électorale de cette élection.')
    const page = await outsider.browser.get(`/elections/${sealed.id}/voter`)
    const html = await page.text()
    expect(html).toContain('Vous n’êtes pas sur la liste électorale')
    expect(html).toContain(`/elections/${sealed.id}/liste`)

    const registered = await createAccount(t.app.ctx)
    const client = await sessionClient(t.app.ctx, t.app.url, registered.id)
    expect((await postVote(client, sealed.id, { intent: 'cast', ballot, password: TEST_PASSWORD })).status).toBe(403)
    expect((await client.get(`/elections/${sealed.id}/urne`)).status).toBe(403)
    expect(box(sealed.id).length).toBe(VOTERS + 1)
  })

  it('refuses a wrong password next to the field, and throttles like the log-in', async () => {
    const v = extra[0]!
    const ballot = ballotFor(sealed, sealed.secrets.get(v.id)!, [1])
    for (let k = 0; k < 5; k++) {
      const wrong = await postVote(v.browser, sealed.id, { intent: 'cast', ballot, password: 'not-my-password' })
      expect(wrong.status).toBe(400)
      expect(wrong.data.errors?.password?.[0]).toBe('Mot de passe incorrect.')
    }
    const throttled = await postVote(v.browser, sealed.id, { intent: 'cast', ballot, password: TEST_PASSWORD })
    expect(throttled.status).toBe(429)
    expect(throttled.data.errors?.password?.[0]).toMatch(/^Trop d’essais\s: réessayez dans \d+ min\.$/u)
    expect(rollOf(sealed.id, v.id)!.voted).toBe(false)
    t.clock.now += 16 * 60_000
    expect((await postVote(v.browser, sealed.id, { intent: 'cast', ballot, password: TEST_PASSWORD })).status).toBe(200)
    lastChoices.set(VOTERS, [1])
  })

  it('refuses forged and hostile ballots with a French 4xx next to the field, never a 500', async () => {
    const v = voters[10]!
    const secret = sealed.secrets.get(v.id)!
    const honest = JSON.parse(ballotFor(sealed, secret, [0])) as Record<string, unknown> & { choices: { proof: { c: string }[] }[] }
    const proof = structuredClone(honest)
    const c = proof.choices[0]!.proof[0]!.c
    proof.choices[0]!.proof[0]!.c = (c[0] === 'A' ? 'B' : 'A') + c.slice(1)
    const cases: [string, string, number, RegExp][] = [
      ['altered proof', JSON.stringify(proof), 400, /^Bulletin refusé\s: .+\.$/u],
      [
        'another election',
        ballotFor({ ...sealed, fingerprint: trackerOfText('une autre élection') }, secret, [0]),
        400,
        /^Bulletin refusé\s: election fingerprint\.$/u,
      ],
      ['not JSON', '{"choices": [', 400, /^Bulletin refusé\s: format/u],
      ['null', 'null', 400, /^Bulletin refusé\s: format/u],
      ['an array', '[]', 400, /^Bulletin refusé\s: format/u],
      ['deep nesting', '['.repeat(50_000) + ']'.repeat(50_000), 400, /^Bulletin refusé\s: /u],
      ['too many choices', JSON.stringify({ ...honest, choices: Array.from({ length: 65 }, () => honest.choices[0]) }), 400, /^Bulletin refusé\s: format/u],
      ['extra field', JSON.stringify({ ...honest, voter: v.id }), 400, /^Bulletin refusé\s: format/u],
      ['over the size limit', 'x'.repeat(MAX_BALLOT_TEXT + 1), 400, /^Bulletin refusé\s: il est trop long\.$/u],
    ]
    for (const [name, ballot, status, message] of cases) {
      const answer = await postVote(v.browser, sealed.id, { intent: 'cast', ballot, password: TEST_PASSWORD })
      expect(answer.status, name).toBe(status)
      expect(answer.data.errors?.ballot?.[0], `${name}: ${JSON.stringify(answer.data)}`).toMatch(message)
    }
    const stranger = await postVote(v.browser, sealed.id, { intent: 'cast', ballot: ballotFor(sealed, newCredentialSecret(), [0]), password: TEST_PASSWORD })
    expect(stranger.status).toBe(400)
    expect(stranger.data.errors?.secret?.[0]).toBe('Code de vote inconnu pour cette élection.')
    const empty = await postVote(v.browser, sealed.id, { intent: 'cast', password: TEST_PASSWORD })
    expect(empty.status).toBe(400)
    expect(empty.data.errors?.ballot?.[0]).toContain('JavaScript')
    const noIntent = await postVote(v.browser, sealed.id, { intent: 'drop' })
    expect(noIntent.status).toBe(400)
    // Nothing changed in the box: the voter's ballot is still the one cast first.
    expect(box(sealed.id).map((r) => r.tracker)).toContain(trackers.get(10))
  }, 30_000)

  it('asks for the mailed code when the election wants one: 6 digits, 5 attempts, then used once', async () => {
    const a = await member()
    const b = await member()
    const coded = insertSealedElection(t.app.ctx, { roll: [a.id, b.id, voters[20]!.id, voters[21]!.id], candidates: 2, seats: 1, requireMailCode: true })
    const without = await cast(a, [0], coded)
    expect(without.status).toBe(400)
    expect(without.data.errors?.code?.[0]).toBe('Demandez un code par mail, puis saisissez-le.')

    const sent = await postVote(a.browser, coded.id, { intent: 'code' })
    expect(sent.status).toBe(200)
    expect(sent.data.sent).toBe(true)
    const mail = await t.smtp.waitForMail((m) => m.to.includes(a.email) && m.subject.startsWith('Votre code pour voter'))
    const code = /: (\d{6})/u.exec(mail.text)![1]!
    const wrongCode = code === '000000' ? '000001' : '000000'
    const wrong = await cast(a, [0], coded, { code: wrongCode })
    expect(wrong.status).toBe(400)
    expect(wrong.data.errors?.code?.[0]).toBe('Ce code est incorrect.')
    const ok = await cast(a, [0], coded, { code })
    expect(ok.status).toBe(200)
    expect(t.app.ctx.db.select().from(electionVoteCodes).where(eq(electionVoteCodes.electionId, coded.id)).all()).toHaveLength(0)
    const reused = await cast(a, [1], coded, { code })
    expect(reused.data.errors?.code?.[0]).toBe('Demandez un code par mail, puis saisissez-le.')

    await postVote(b.browser, coded.id, { intent: 'code' })
    const bMail = await t.smtp.waitForMail((m) => m.to.includes(b.email) && m.subject.startsWith('Votre code pour voter'))
    const bCode = /: (\d{6})/u.exec(bMail.text)![1]!
    const other = bCode === '111111' ? '222222' : '111111'
    for (let k = 0; k < 4; k++) expect((await cast(b, [0], coded, { code: other })).data.errors?.code?.[0]).toBe('Ce code est incorrect.')
    expect((await cast(b, [0], coded, { code: other })).data.errors?.code?.[0]).toBe('Trop d’essais avec ce code : demandez-en un nouveau.')
    expect((await cast(b, [0], coded, { code: bCode })).data.errors?.code?.[0]).toBe('Trop d’essais avec ce code : demandez-en un nouveau.')
    // Ten minutes: an expired code is refused as such.
    await postVote(b.browser, coded.id, { intent: 'code' })
    t.clock.now += 11 * 60_000
    const late = await cast(b, [0], coded, { code: '123456' })
    expect(late.data.errors?.code?.[0]).toBe('Ce code a expiré : demandez-en un nouveau.')
    // No code asked of an election that does not want one.
    expect((await postVote(voters[5]!.browser, sealed.id, { intent: 'code' })).status).toBe(409)
  }, 30_000)

  it('re-authenticates first: the grant lets this session cast for ten minutes, without the password', async () => {
    const a = await member()
    const b = await member()
    const twoStep = insertSealedElection(t.app.ctx, { roll: [a.id, b.id], candidates: 2, seats: 1 })
    const ballotOf = (v: Voter, choices: number[], election = twoStep) => ballotFor(election, election.secrets.get(v.id)!, choices)

    const wrong = await postVote(a.browser, twoStep.id, { intent: 'reauth', password: 'not-my-password' })
    expect(wrong.status).toBe(400)
    expect(wrong.data.errors?.password?.[0]).toBe('Mot de passe incorrect.')
    expect(wrong.data.grant).toBeUndefined()
    expect((await postVote(a.browser, twoStep.id, { intent: 'reauth' })).data.errors?.password?.[0]).toBe('Saisissez votre mot de passe.')

    const granted = await postVote(a.browser, twoStep.id, { intent: 'reauth', password: TEST_PASSWORD })
    expect(granted.status).toBe(200)
    const grant = granted.data.grant!
    expect(grant).toMatch(/^\d{13}\.[A-Za-z0-9_-]{43}$/)
    expect(new Date(granted.data.expiresAt!).getTime()).toBe(t.clock.now + 10 * 60_000)
    // Re-authenticating wrote nothing about the vote: the roll still says this member has not voted.
    expect(rollOf(twoStep.id, a.id)!.voted).toBe(false)

    const cast1 = await postVote(a.browser, twoStep.id, { intent: 'cast', ballot: ballotOf(a, [0]), grant })
    expect(cast1.status, JSON.stringify(cast1.data)).toBe(200)
    expect(cast1.data.tracker).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(rollOf(twoStep.id, a.id)!.voted).toBe(true)
    // The same grant serves a revote within its ten minutes.
    const again = await postVote(a.browser, twoStep.id, { intent: 'cast', ballot: ballotOf(a, [1]), grant })
    expect(again.status).toBe(200)
    expect(again.data.replaced).toBe(true)

    // Bound to the session, the member, the election and its expiry: anything else is refused.
    const expired = 'Votre confirmation d’identité a expiré : saisissez à nouveau votre mot de passe, vos choix seront à refaire.'
    const otherSession = await sessionClient(t.app.ctx, t.app.url, a.id)
    const flip = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A')
    const later = `${Number(grant.split('.')[0]) + 60_000}.${grant.split('.')[1]}`
    const bGrant = (await postVote(b.browser, twoStep.id, { intent: 'reauth', password: TEST_PASSWORD })).data.grant!
    const refusals: [string, Voter['browser'], string, string][] = [
      ['another session of the member', otherSession, ballotOf(a, [0]), grant],
      ['an altered grant', a.browser, ballotOf(a, [0]), flip(grant)],
      ['a moved expiry', a.browser, ballotOf(a, [0]), later],
      ['another member’s grant', a.browser, ballotOf(a, [0]), bGrant],
      ['garbage', a.browser, ballotOf(a, [0]), 'abc'],
    ]
    for (const [name, client, ballot, given] of refusals) {
      const refused = await postVote(client, twoStep.id, { intent: 'cast', ballot, grant: given })
      expect(refused.status, name).toBe(403)
      expect(refused.data.errors?.password?.[0], name).toBe(expired)
    }
    const otherElection = insertSealedElection(t.app.ctx, { roll: [a.id, b.id, voters[40]!.id], candidates: 2, seats: 1 })
    expect((await postVote(a.browser, otherElection.id, { intent: 'cast', ballot: ballotOf(a, [0], otherElection), grant })).status).toBe(403)

    // Ten minutes later the grant has run out: the password is asked again.
    t.clock.now += 10 * 60_000 + 1
    const late = await postVote(a.browser, twoStep.id, { intent: 'cast', ballot: ballotOf(a, [0]), grant })
    expect(late.status).toBe(403)
    expect(late.data.errors?.password?.[0]).toBe(expired)
    expect(box(twoStep.id).map((r) => r.tracker)).toEqual([again.data.tracker])

    // With a mailed code, the first step asks for it and uses it up.
    const coded = insertSealedElection(t.app.ctx, { roll: [a.id, b.id, voters[41]!.id], candidates: 2, seats: 1, requireMailCode: true })
    const noCode = await postVote(a.browser, coded.id, { intent: 'reauth', password: TEST_PASSWORD })
    expect(noCode.data.errors?.code?.[0]).toBe('Demandez un code par mail, puis saisissez-le.')
    await postVote(a.browser, coded.id, { intent: 'code' })
    const mail = await t.smtp.waitForMail((m) => m.to.includes(a.email) && m.subject.startsWith('Votre code pour voter'))
    const code = /: (\d{6})/u.exec(mail.text)![1]!
    const codedGrant = await postVote(a.browser, coded.id, { intent: 'reauth', password: TEST_PASSWORD, code })
    expect(codedGrant.status, JSON.stringify(codedGrant.data)).toBe(200)
    expect(t.app.ctx.db.select().from(electionVoteCodes).where(eq(electionVoteCodes.electionId, coded.id)).all()).toHaveLength(0)
    const codedCast = await postVote(a.browser, coded.id, { intent: 'cast', ballot: ballotOf(a, [1], coded), grant: codedGrant.data.grant! })
    expect(codedCast.status).toBe(200)
  }, 30_000)

  it('refuses to vote before the opening and after the close, with a page that says why', async () => {
    const later = insertSealedElection(t.app.ctx, { roll: [voters[30]!.id, voters[31]!.id], candidates: 2, seats: 1, openedMsAgo: -3600_000 })
    const early = await cast(voters[30]!, [0], later)
    expect(early.status).toBe(409)
    expect(early.data.errors?.form?.[0]).toBe('Le scrutin n’est pas ouvert.')
    expect(await (await voters[30]!.browser.get(`/elections/${later.id}/voter`)).text()).toContain('pas encore ouvert')
  })
})

describe('the board and its export', () => {
  it('shows the counts, the trackers sorted, and finds a tracker (found / not found)', async () => {
    const v = voters[4]!
    const page = await v.browser.get(`/elections/${sealed.id}/urne`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(sealed.fingerprint)
    expect(html).toContain('Le nombre de bulletins est égal au nombre d’émargements.')
    const sorted = box(sealed.id)
      .map((r) => r.tracker)
      .sort()
    expect(html).toContain(sorted[0]!)
    expect(html).not.toContain(sorted[50]!)
    expect(html.indexOf(sorted[0]!)).toBeLessThan(html.indexOf(sorted[1]!))
    const second = await (await v.browser.get(`/elections/${sealed.id}/urne?page=2`)).text()
    expect(second).toContain(sorted[50]!)

    const found = await v.browser.post(`/elections/${sealed.id}/urne`, { intent: 'search', tracker: trackers.get(4)! })
    expect(found.status).toBe(200)
    expect(await found.text()).toContain('est dans l’urne.')
    const gone = await v.browser.post(`/elections/${sealed.id}/urne`, { intent: 'search', tracker: trackerOfText('rien') })
    expect(await gone.text()).toContain('Aucun bulletin')
    const bad = await v.browser.post(`/elections/${sealed.id}/urne`, { intent: 'search', tracker: '<script>' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Un numéro de suivi compte 43 caractères')
  })

  it('exports urne.json that election:verify accepts once published, and rejects altered copies naming the failure', async () => {
    const open = await voters[0]!.browser.get(`/elections/${sealed.id}/urne.json`)
    expect(open.status).toBe(200)
    expect(open.headers.get('content-type')).toContain('application/json')
    expect(open.headers.get('content-disposition')).toContain(`urne-${sealed.id}.json`)
    const during = (await open.json()) as { tally: unknown; ballots: unknown[]; voted: number }
    expect(during.tally).toBeNull()
    expect(during.ballots).toHaveLength(VOTERS + 2)
    expect(during.voted).toBe(VOTERS + 2)

    closeVoting(t.app.ctx, sealed.id)
    expect((await cast(voters[6]!, [0])).data.errors?.form?.[0]).toBe('Le scrutin est clos : votre bulletin n’a pas été déposé.')
    const result = tallyAndPublish(t.app.ctx, sealed, [1, 3])
    expect(result.counted).toBe(VOTERS + 2)

    const response = await voters[0]!.browser.get(`/elections/${sealed.id}/urne.json`)
    const text = await response.text()
    const board = JSON.parse(text) as {
      ballots: { choices: { alpha: string; proof: { r: string }[] }[] }[]
      parameters: { trustees: { verificationKey: string }[] }
      tally: { result: { votes: number[]; blank: number } }
    }
    expect(board.tally.result.votes.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    // The published totals follow the voters' last choices (the double-submitter's is whatever committed last).
    const expectedBlank = [...lastChoices.entries()].filter(([i, c]) => i !== VOTERS + 1 && c.length === 0).length
    expect(board.tally.result.blank - expectedBlank).toBeGreaterThanOrEqual(0)
    expect(board.tally.result.blank - expectedBlank).toBeLessThanOrEqual(1)

    const honest = await verify(text, 'honest')
    expect(honest.code, honest.out).toBe(0)
    expect(honest.out).toContain(`empreinte — fingerprint ${sealed.fingerprint}`)
    expect(honest.out).toContain(`counted: ${VOTERS + 2} / ${VOTERS + 2}`)

    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
    const altered: [string, (b: typeof board) => void, RegExp][] = [
      ['ciphertext', (b) => (b.ballots[3]!.choices[0]!.alpha = b.ballots[4]!.choices[0]!.alpha), /ballot 4/],
      ['proof', (b) => (b.ballots[7]!.choices[1]!.proof[0]!.r = flip(b.ballots[7]!.choices[1]!.proof[0]!.r)), /ballot 8/],
      ['trustee key', (b) => (b.parameters.trustees[1]!.verificationKey = b.parameters.trustees[0]!.verificationKey), /fingerprint|trustee/],
      ['result', (b) => (b.tally.result.votes[0] = b.tally.result.votes[0]! + 1), /result/],
    ]
    for (const [name, change, failure] of altered) {
      const copy = JSON.parse(text) as typeof board
      change(copy)
      const run = await verify(JSON.stringify(copy), name.replace(/\s/g, '-'))
      expect(run.code, `${name}: ${run.out}`).not.toBe(0)
      expect(run.out, name).toMatch(/ÉCHEC — FAILED/)
      expect(run.out, name).toMatch(failure)
    }
  }, 120_000)
})

const verify = (text: string, name: string) => runVerifier(dir, text, name)
