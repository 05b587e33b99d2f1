import fs from 'node:fs'
import { TEST_PASSWORD } from '../factories'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with the flags this closed network needs (see shared/STACK.md). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  })
}

/** A page that records console errors (a CSP violation or a failed hydration shows up there). */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', ...options })
  // Fail fast and readably, well before the test's own timeout.
  context.setDefaultTimeout(8_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    // A 4xx answer to a form (validation, throttling) is expected; anything else is not.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return { page, context, errors }
}

/** Waits until React has hydrated, so clicks go through Remix rather than a full page load. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined && document.readyState === 'complete')
  await page.waitForTimeout(50)
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, so the CSP does not block it). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return result.violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
}

/** Fills and sends the log-in form of the current page. */
export async function fillLogin(page: Page, email: string, password: string) {
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

/** Logs in through /connexion and waits for the page it leads to. */
export async function logIn(page: Page, baseUrl: string, email: string, options: { password?: string; redirectTo?: string } = {}) {
  await page.goto(`${baseUrl}/connexion${options.redirectTo ? `?redirectTo=${encodeURIComponent(options.redirectTo)}` : ''}`)
  await fillLogin(page, email, options.password ?? TEST_PASSWORD)
  await page.waitForURL(`${baseUrl}${options.redirectTo ?? '/'}`)
}
