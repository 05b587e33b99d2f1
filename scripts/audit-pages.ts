/**
 * `npm run audit:pages`: Lighthouse (its default phone emulation: a mid-range phone on a slow 4G
 * link, simulated) on the pages a newcomer meets first, through the real compiled server seeded
 * with the demo association, in Debian's Chromium. One JSON line per page, then the goals.
 *
 *   /                 visitor
 *   /connexion        visitor
 *   /cotiser          visitor
 *   /annuaire         alumni@amicale.example (a paying member)
 *   /evenements/<id>  the same member, the first upcoming event of the list
 *
 * Scores are 0–100; `jsKB` is the JavaScript transferred (compressed), `totalKB` every byte.
 * Goals from issue #14: accessibility 100, best practices and SEO ≥ 95, performance ≥ 90, the
 * log-in page at most 350 KB of JavaScript. The script exits 0 either way: it measures.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import lighthouse from 'lighthouse'
import { benchChildren, withTimeout } from './bench-children'
import { appEnv } from './bench-seed'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (...parts: unknown[]) => process.stderr.write(`[audit:pages] ${parts.join(' ')}\n`)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)
process.on('SIGINT', () => void abort(130))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-audit-'))
tempDirs.add(dir)
const { child: server, url: ready } = startChild(['build/server/index.js'], appEnv(dir, { SEED_DEMO: 'true' }), 'Amicale is listening', 'app')
const url = await ready

async function logIn(email: string): Promise<string> {
  const response = await fetch(`${url}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'amicale-demo-2026' }),
  })
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  if (!cookie.includes('amicale_session=')) throw new Error(`could not log in as ${email} (${response.status})`)
  return cookie
}

const member = await logIn('alumni@amicale.example')
const eventsHtml = await (await fetch(`${url}/evenements`, { headers: { cookie: member } })).text()
const eventPath = eventsHtml.match(/href="(\/evenements\/\d+)"/)?.[1]
if (!eventPath) throw new Error('no event on /evenements')

const pages: { path: string; cookie?: string; as: string }[] = [
  { path: '/', as: 'visitor' },
  { path: '/connexion', as: 'visitor' },
  { path: '/cotiser', as: 'visitor' },
  { path: '/annuaire', cookie: member, as: 'member' },
  { path: eventPath, cookie: member, as: 'member' },
]

/** Debian's Chromium, headless, with the DevTools port Lighthouse drives. */
async function startChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-audit-chromium-'))
  tempDirs.add(profile)
  const chromium = spawn(
    CHROMIUM,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      chromium.once('exit', (code) => reject(new Error(`Chromium exited (${code})`)))
      readline.createInterface({ input: chromium.stderr }).on('line', (line) => {
        const found = line.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//)
        if (found) resolve(Number(found[1]))
      })
    }),
    30_000,
    'Chromium start',
  )
  return { chromium, port }
}

const { chromium, port } = await startChromium()
const score = (value: number | null | undefined) => (value == null ? null : Math.round(value * 100))
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10
const results: { path: string; performance: number | null; accessibility: number | null; bestPractices: number | null; seo: number | null; jsKB: number }[] = []
try {
  for (const page of pages) {
    const run = await lighthouse(`${url}${page.path}`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
    })
    if (!run) throw new Error(`Lighthouse gave nothing for ${page.path}`)
    const { categories, audits } = run.lhr
    const summary = (audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? []
    const bytesOf = (type: string) => summary.find((item) => item.resourceType === type)?.transferSize ?? 0
    const failed = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 0.9 && audits[ref.id]?.scoreDisplayMode !== 'notApplicable')
        .map((ref) => ref.id),
    )
    const line = {
      page: page.path,
      as: page.as,
      performance: score(categories.performance?.score),
      accessibility: score(categories.accessibility?.score),
      bestPractices: score(categories['best-practices']?.score),
      seo: score(categories.seo?.score),
      jsKB: kb(bytesOf('script')),
      cssKB: kb(bytesOf('stylesheet')),
      fontKB: kb(bytesOf('font')),
      totalKB: kb(bytesOf('total')),
      fcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? 0),
      lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
      tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
      cls: Number((audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)),
      below90: [...new Set(failed)],
      consoleErrors: ((audits['errors-in-console']?.details as { items?: { description?: string }[] } | undefined)?.items ?? []).map(
        (item) => item.description,
      ),
    }
    results.push({ path: page.path, ...line })
    console.log(JSON.stringify(line))
  }
} finally {
  chromium.kill('SIGKILL')
  await stopChild(server)
  cleanUp()
}

const all = (pick: (r: (typeof results)[number]) => number | null, min: number) => results.every((r) => (pick(r) ?? 0) >= min)
const login = results.find((r) => r.path === '/connexion')
console.log(
  JSON.stringify({
    goals: {
      accessibility100: all((r) => r.accessibility, 100),
      bestPractices95: all((r) => r.bestPractices, 95),
      seo95: all((r) => r.seo, 95),
      performance90: all((r) => r.performance, 90),
      loginJsUnder350KB: (login?.jsKB ?? Infinity) <= 350,
    },
  }),
)
