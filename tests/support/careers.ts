import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from './http'
import { startTestServer, type TestServer } from './server'
import { startSmtpServer } from './smtp'

/**
 * The app with a real SMTP server and a clock the test moves (`clock.now`, reset to the wall
 * clock before each test): careers decide expiry and weekly alerts from `ctx.now()`.
 */
export function careersTestApp(ipPrefix: string) {
  const t = {
    app: undefined as unknown as TestServer,
    smtp: undefined as unknown as Awaited<ReturnType<typeof startSmtpServer>>,
    clock: { now: Date.now() },
    /** A fresh account, logged in through the real form. */
    async loggedIn(options: Parameters<typeof createAccount>[1] = {}) {
      const account = await createAccount(t.app.ctx, options)
      const browser = new HttpClient(t.app.url, `${ipPrefix}.${ip++}`)
      await browser.login(account.email, TEST_PASSWORD)
      return { account, browser }
    },
  }
  let ip = 1
  beforeAll(async () => {
    t.smtp = await startSmtpServer()
    t.app = await startTestServer({ SMTP_URL: t.smtp.url, TRUST_PROXY: 'true' })
    t.app.ctx.now = () => new Date(t.clock.now)
  })
  afterAll(async () => {
    await t.app?.close()
    await t.smtp?.close()
  })
  beforeEach(() => {
    t.clock.now = Date.now()
  })
  return t
}
