import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { elections, electionTrustees } from '../../db/schema'
import { restartCeremony, submitCeremonyStep, trusteesOf } from '../../app/features/elections/ceremony.server'
import { findElection } from '../../app/features/elections/elections.server'
import { ceremonyCheckAndShare, ceremonyFinalise, ceremonyPublish, type CeremonyContext } from '../../app/features/elections/crypto/threshold'
import { createAccount } from '../factories'
import { careersTestApp } from '../support/careers'

// The key ceremony's server side (#18): each trustee's public messages checked and stored in
// order while the election is a draft; the trustees' browsers simulated in Node.
const t = careersTestApp('10.18.7')
const DAY = 86_400_000

async function draftWithTrustees(n = 3, threshold = 2) {
  const now = t.app.ctx.now().getTime()
  const id = crypto.randomBytes(9).toString('base64url')
  t.app.ctx.db
    .insert(elections)
    .values({
      id,
      title: `Élection ${id}`,
      seats: 2,
      threshold,
      candidacyOpensAt: new Date(now - DAY),
      candidacyClosesAt: new Date(now + DAY),
      rollAt: new Date(now + 2 * DAY),
      votingOpensAt: new Date(now + 5 * DAY),
      votingClosesAt: new Date(now + 7 * DAY),
      createdAt: new Date(now - 2 * DAY),
      updatedAt: new Date(now - 2 * DAY),
    })
    .run()
  const users: string[] = []
  for (let i = 1; i <= n; i++) {
    const account = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2010 + i })
    users.push(account.id)
    t.app.ctx.db
      .insert(electionTrustees)
      .values({ electionId: id, position: i, userId: account.id, name: `Assesseur ${i}`, updatedAt: new Date(now) })
      .run()
  }
  const context: CeremonyContext = { electionId: id, trustees: users.map((_, i) => `Assesseur ${i + 1}`), threshold }
  return { id, users, context }
}

const stored = (id: string) => trusteesOf(t.app.ctx.db, id)

function runAll(id: string, users: string[], context: CeremonyContext) {
  const steps = users.map((_, i) => ceremonyPublish(context, i + 1))
  for (const [i, s] of steps.entries()) expect(submitCeremonyStep(t.app.ctx, id, users[i]!, 'publish', JSON.stringify(s.message))).toEqual({ ok: true })
  const commitments = stored(id).map((r) => JSON.parse(r.commitment!))
  for (const [i, s] of steps.entries()) {
    const shared = ceremonyCheckAndShare(s.state, commitments)
    if (!shared.ok) throw new Error(shared.failure)
    expect(submitCeremonyStep(t.app.ctx, id, users[i]!, 'share', JSON.stringify(shared.message))).toEqual({ ok: true })
  }
  const shares = stored(id).map((r) => JSON.parse(r.shares!))
  return steps.map((s, i) => {
    const done = ceremonyFinalise(s.state, commitments, shares)
    if (!done.ok) throw new Error(done.failure)
    expect(submitCeremonyStep(t.app.ctx, id, users[i]!, 'finalise', JSON.stringify(done.message))).toEqual({ ok: true })
    return done.keyFile
  })
}

describe('key ceremony (server side)', () => {
  it('runs the three steps for three trustees and stores only public messages', async () => {
    const { id, users, context } = await draftWithTrustees()
    const keys = runAll(id, users, context)
    expect(keys).toHaveLength(3)
    for (const row of stored(id)) {
      expect(row.commitment && row.shares && row.verificationKey).toBeTruthy()
      expect(JSON.stringify(row)).not.toContain('seed')
    }
  })

  it('refuses a step out of order, a forged message, a wrong index, a non-trustee, and after sealing', async () => {
    const { id, users, context } = await draftWithTrustees()
    const one = ceremonyPublish(context, 1)
    const two = ceremonyPublish(context, 2)
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'share', '{"trustee":1}')).toMatchObject({ ok: false, failure: 'order' })
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'publish', 'not json')).toMatchObject({ ok: false, failure: 'json' })
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'publish', JSON.stringify(two.message))).toMatchObject({ ok: false, failure: 'index' })
    const forged = { ...one.message, commitments: [...one.message.commitments].reverse() }
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'publish', JSON.stringify(forged))).toMatchObject({ ok: false })
    const stranger = await createAccount(t.app.ctx, { membership: 'alumni' })
    expect(submitCeremonyStep(t.app.ctx, id, stranger.id, 'publish', JSON.stringify(one.message))).toMatchObject({ ok: false, failure: 'notTrustee' })
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'publish', JSON.stringify(one.message))).toEqual({ ok: true })
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'publish', JSON.stringify(one.message))).toMatchObject({ ok: false, failure: 'order' })
    // Step 2 waits for every step 1.
    expect(submitCeremonyStep(t.app.ctx, id, users[0]!, 'share', '{"trustee":1}')).toMatchObject({ ok: false, failure: 'waiting' })
    t.app.ctx.db.update(elections).set({ state: 'sealed' }).where(eq(elections.id, id)).run()
    expect(submitCeremonyStep(t.app.ctx, id, users[1]!, 'publish', JSON.stringify(two.message))).toMatchObject({ ok: false, failure: 'sealed' })
  })

  it('restartCeremony clears every message and the ceremony runs again; refused once sealed', async () => {
    const { id, users, context } = await draftWithTrustees()
    runAll(id, users, context)
    expect(restartCeremony(t.app.ctx, findElection(t.app.ctx.db, id)!)).toEqual({ ok: true })
    for (const row of stored(id)) expect([row.commitment, row.shares, row.verificationKey]).toEqual([null, null, null])
    runAll(id, users, context)
    t.app.ctx.db.update(elections).set({ state: 'sealed' }).where(eq(elections.id, id)).run()
    expect(restartCeremony(t.app.ctx, findElection(t.app.ctx.db, id)!)).toMatchObject({ ok: false })
  })
})
