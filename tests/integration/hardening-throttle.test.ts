import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client'
import { reserveAttempt, rules } from '../../app/features/accounts/throttle.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer

beforeAll(async () => {
  // TRUST_PROXY: each simulated client speaks from the IP given in X-Forwarded-For.
  app = await startTestServer({ TRUST_PROXY: 'true' })
})
afterAll(async () => {
  await app?.close()
})

let ipCounter = 1
const freshIp = () => `10.20.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`

/** Sends every log-in at once and sorts the answers: 400 judged (wrong password), 429 throttled. */
async function burst(attempts: { email: string; password: string; ip: string }[]) {
  const responses = await Promise.all(attempts.map((a) => new HttpClient(app.url, a.ip).post('/connexion', { email: a.email, password: a.password })))
  const statuses = responses.map((r) => r.status)
  await Promise.all(responses.map((r) => r.arrayBuffer()))
  return {
    judged: statuses.filter((s) => s === 400).length,
    throttled: statuses.filter((s) => s === 429).length,
    other: statuses.filter((s) => s !== 400 && s !== 429),
  }
}

describe('log-in throttle under concurrency', () => {
  it('judges exactly 5 of 30 simultaneous wrong passwords on one account, from 30 IPs', async () => {
    const account = await createAccount(app.ctx)
    const result = await burst(Array.from({ length: 30 }, () => ({ email: account.email, password: 'mauvais-mot-de-passe', ip: freshIp() })))
    expect(result).toEqual({ judged: 5, throttled: 25, other: [] })
    // The right password is refused too until the window passes: the limit is not a suggestion.
    expect((await new HttpClient(app.url, freshIp()).post('/connexion', { email: account.email, password: TEST_PASSWORD })).status).toBe(429)
  })

  it('judges exactly 30 of 60 simultaneous wrong passwords from one IP on 60 addresses', async () => {
    const ip = freshIp()
    const accounts = await Promise.all(Array.from({ length: 30 }, () => createAccount(app.ctx)))
    // Known and unknown addresses alike.
    const emails = [...accounts.map((a) => a.email), ...Array.from({ length: 30 }, (_, i) => `inconnu-${i}@exemple.fr`)]
    const result = await burst(emails.map((email) => ({ email, password: 'mauvais-mot-de-passe', ip })))
    expect(result).toEqual({ judged: 30, throttled: 30, other: [] })
  })

  it('does not count a successful log-in against its IP, and clears the account on success', async () => {
    const ip = freshIp()
    const accounts = await Promise.all(Array.from({ length: 35 }, () => createAccount(app.ctx)))
    // A school's shared address: 35 people logging in right, five at a time, are not 35 failures.
    // (An attempt in flight counts until its password is known: that is what makes the limit hold.)
    const statuses: number[] = []
    for (let i = 0; i < accounts.length; i += 5) {
      const batch = await Promise.all(
        accounts.slice(i, i + 5).map((a) => new HttpClient(app.url, ip).post('/connexion', { email: a.email, password: TEST_PASSWORD })),
      )
      statuses.push(...batch.map((r) => r.status))
    }
    expect(statuses).toEqual(accounts.map(() => 302))

    const account = accounts[0]
    for (let i = 0; i < 4; i++)
      expect((await new HttpClient(app.url, freshIp()).post('/connexion', { email: account.email, password: 'mauvais-mot-de-passe' })).status).toBe(400)
    expect((await new HttpClient(app.url, freshIp()).post('/connexion', { email: account.email, password: TEST_PASSWORD })).status).toBe(302)
    // The counter started again: five more failures are judged before the sixth is refused.
    const after = await burst(Array.from({ length: 6 }, () => ({ email: account.email, password: 'mauvais-mot-de-passe', ip: freshIp() })))
    expect(after).toEqual({ judged: 5, throttled: 1, other: [] })
  })
})

describe('the reservation is shared by every process', () => {
  it('never allows more than the limit when two connections to the same file reserve in turn', () => {
    // A second connection to the same SQLite file stands for a second process.
    const other = openDatabase(app.ctx.config.DATABASE_PATH)
    try {
      const now = new Date()
      const checks = [{ key: `signup:ip:two-processes`, rule: rules.signupPerIp }]
      const allowed = Array.from({ length: 40 }, (_, i) => reserveAttempt(i % 2 ? other.db : app.ctx.db, checks, now)).filter((wait) => wait === 0)
      expect(allowed).toHaveLength(rules.signupPerIp.limit)
    } finally {
      other.sqlite.close()
    }
  })
})
