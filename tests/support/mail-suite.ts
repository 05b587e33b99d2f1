import { afterAll, beforeAll } from 'vitest'
import { HttpClient } from './http'
import { startTestServer, type TestServer } from './server'
import { startSmtpServer } from './smtp'

export interface MailSuite {
  app: TestServer
  smtp: Awaited<ReturnType<typeof startSmtpServer>>
  /** A browser without a browser, speaking from an address of its own, so per-IP limits never mix tests. */
  client: () => HttpClient
}

/** For an HTTP test file: the app mailing a real SMTP server, behind a trusted proxy (X-Forwarded-For); stopped after the file. */
export function mailSuite(ipPrefix: string, env: Record<string, string> = {}): MailSuite {
  let ip = 1
  const suite = { client: () => new HttpClient(suite.app.url, `${ipPrefix}.${ip++}`) } as MailSuite
  beforeAll(async () => {
    suite.smtp = await startSmtpServer()
    suite.app = await startTestServer({ SMTP_URL: suite.smtp.url, TRUST_PROXY: 'true', ...env })
  })
  afterAll(async () => {
    await suite.app?.close()
    await suite.smtp?.close()
  })
  return suite
}
