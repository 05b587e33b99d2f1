import { afterAll, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser'
import { startTestServer, type TestServer } from './server'
import { startSmtpServer } from './smtp'

export interface BrowserSuite {
  app: TestServer
  smtp: Awaited<ReturnType<typeof startSmtpServer>>
  browser: Browser
}

/** For a browser test file: the app sending mail to a real SMTP server, and Chromium; stopped after the file. */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite
  beforeAll(async () => {
    suite.smtp = await startSmtpServer()
    suite.app = await startTestServer({ SMTP_URL: suite.smtp.url, ...env })
    suite.browser = await launchBrowser()
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.app?.close()
    await suite.smtp?.close()
  })
  return suite
}
