import { afterAll, describe, expect, it } from 'vitest'
import { createAppContext } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createAccount } from '../factories'
import { createTestEvent } from '../event-factories'
import { HttpClient } from '../support/http'
import { freshDatabase } from '../support/database'
import { killChildServers, spawnServer } from '../support/child-server'
import { startSmtpServer } from '../support/smtp'

// The compiled server in a child process, stopped in the middle of a registration burst while a
// slow SMTP relay is still taking the ticket mails: nothing promised is lost across the restart.
afterAll(killChildServers)

const REGISTRANTS = 30

/** A database with an event and people logged in to register for it (sessions made directly). */
async function prepare() {
  const { databasePath, dataDir } = freshDatabase()
  const env = { DATABASE_PATH: databasePath, DATA_DIR: dataDir }
  const ctx = await createAppContext(loadConfig({ ...env, NODE_ENV: 'test', SEED_DEMO: 'false', LOG_LEVEL: 'silent' }))
  const organizer = await createAccount(ctx, { role: 'webmaster' })
  const eventId = createTestEvent(ctx, organizer.id, { title: 'Dîner de gala', capacity: 500 })
  const people = await Promise.all(Array.from({ length: REGISTRANTS }, () => createAccount(ctx, { membership: 'alumni' })))
  const sessions = await Promise.all(people.map((p) => ctx.auth.createSession(p.id, {})))
  ctx.database.sqlite.close()
  return { env, eventId, people, sessions }
}

async function burst(url: string, ctx: Awaited<ReturnType<typeof prepare>>) {
  const clients = ctx.sessions.map((session) => {
    const client = new HttpClient(url)
    client.cookies.set('amicale_session', session.id)
    return client
  })
  const answers = await Promise.all(clients.map((c) => c.post(`/evenements/${ctx.eventId}`, { intent: 'register' })))
  expect(answers.map((a) => a.status)).toEqual(Array(REGISTRANTS).fill(302))
}

describe.each([
  { signal: 'SIGKILL' as const, what: 'kill -9' },
  { signal: 'SIGTERM' as const, what: 'SIGTERM' },
])('a registration burst stopped by $what', ({ signal }) => {
  it('delivers every ticket after the restart', async () => {
    const smtp = await startSmtpServer({ delayMs: 150 })
    try {
      const prepared = await prepare()
      const env = { ...prepared.env, SMTP_URL: smtp.url }
      const first = spawnServer(env)
      await burst(await first.listening, prepared)
      // Every registration answered: its ticket mail is in the database, whatever happens next.
      first.child.kill(signal)
      const code = await first.exit
      const before = smtp.mails.length
      expect(before).toBeLessThan(REGISTRANTS)
      if (signal === 'SIGTERM') expect(code).toBe(0)

      const second = spawnServer(env)
      await second.listening
      const emails = prepared.people.map((p) => p.email)
      await expect.poll(() => new Set(smtp.mails.flatMap((m) => m.to).filter((to) => emails.includes(to))).size, { timeout: 30_000 }).toBe(REGISTRANTS)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const tickets = smtp.mails.filter((m) => m.subject.includes('billet'))
      for (const mail of tickets) expect(mail.parsed.attachments.map((a) => a.filename)).toContain('evenement.ics')
      // At least once: a graceful stop sends nothing twice; kill -9 may resend the few the relay
      // had taken but not yet acknowledged (at most the 4 in flight).
      const duplicates = tickets.length - REGISTRANTS
      if (signal === 'SIGTERM') expect(duplicates).toBe(0)
      else expect(duplicates).toBeLessThanOrEqual(4)
      second.child.kill('SIGTERM')
      await second.exit
    } finally {
      await smtp.close()
    }
  }, 90_000)
})
