/**
 * `npm run screenshots`: the main pages at 360 px (a phone) and 1280 px (a laptop), as the demo
 * association shows them, written to `docs/screenshots/<name>-<width>.png` (the first screen of
 * each page, as a person sees it on arrival). Debian's Chromium through playwright-core, against
 * the real compiled server on a fresh seeded data folder.
 *
 *   npm run screenshots                   # builds, then shoots every page
 *   SHOTS=annuaire,evenement npx tsx scripts/screenshots.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import { benchChildren } from './bench-children'
import { appEnv } from './bench-seed'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'docs', 'screenshots')
const log = (...parts: unknown[]) => process.stderr.write(`[screenshots] ${parts.join(' ')}\n`)
const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)
process.on('SIGINT', () => void abort(130))

type Who = 'visitor' | 'alumni@amicale.example' | 'admin@amicale.example'
/** name → path (a function when it depends on the seeded data) and who looks at it. */
const shots: { name: string; path: string | ((links: Links) => string); as: Who }[] = [
  { name: 'accueil', path: '/', as: 'visitor' },
  { name: 'tableau-de-bord', path: '/', as: 'alumni@amicale.example' },
  { name: 'connexion', path: '/connexion', as: 'visitor' },
  { name: 'cotiser', path: '/cotiser', as: 'visitor' },
  { name: 'annuaire', path: '/annuaire', as: 'alumni@amicale.example' },
  { name: 'carte', path: '/annuaire?vue=carte', as: 'alumni@amicale.example' },
  { name: 'profil', path: (l) => l.member, as: 'alumni@amicale.example' },
  { name: 'evenements', path: '/evenements', as: 'alumni@amicale.example' },
  { name: 'evenement', path: (l) => l.event, as: 'alumni@amicale.example' },
  { name: 'groupes', path: '/groupes', as: 'alumni@amicale.example' },
  { name: 'groupe', path: (l) => l.group, as: 'alumni@amicale.example' },
  { name: 'discussions', path: '/discussions', as: 'alumni@amicale.example' },
  { name: 'carriere', path: '/carriere/offres', as: 'alumni@amicale.example' },
  { name: 'mon-compte', path: '/mon-compte', as: 'alumni@amicale.example' },
  { name: 'admin', path: '/admin', as: 'admin@amicale.example' },
]
const only = process.env.SHOTS?.split(',').filter(Boolean)
interface Links {
  member: string
  event: string
  group: string
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-shots-'))
tempDirs.add(dir)
const { child: server, url: ready } = startChild(['build/server/index.js'], appEnv(dir, { SEED_DEMO: 'true' }), 'Amicale is listening', 'app')
const url = await ready
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })

async function contextAs(who: Who, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height: width < 768 ? 780 : 900 },
    deviceScaleFactor: 1,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    reducedMotion: 'reduce',
  })
  if (who === 'visitor') return context
  const page = await context.newPage()
  await page.goto(`${url}/connexion`)
  await page.getByLabel('Adresse e-mail').fill(who)
  await page.getByLabel('Mot de passe', { exact: true }).fill('amicale-demo-2026')
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')), page.getByRole('button', { name: 'Se connecter' }).click()])
  await page.close()
  return context
}

/** The seeded pages whose ids depend on the seed: the first of each list. */
async function findLinks(context: BrowserContext): Promise<Links> {
  const page = await context.newPage()
  const first = async (list: string, pattern: RegExp) => {
    await page.goto(`${url}${list}`)
    const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
    const found = hrefs.find((href) => pattern.test(href))
    if (!found) throw new Error(`no link like ${pattern} on ${list}`)
    return found
  }
  const links = {
    member: await first('/annuaire', /^\/membres\/[^/]+$/),
    event: await first('/evenements', /^\/evenements\/\d+$/),
    group: await first('/groupes', /^\/groupes\/\d+$/),
  }
  await page.close()
  return links
}

try {
  fs.mkdirSync(out, { recursive: true })
  const contexts = new Map<string, BrowserContext>()
  const context = async (who: Who, width: number) => {
    const key = `${who}|${width}`
    if (!contexts.has(key)) contexts.set(key, await contextAs(who, width))
    return contexts.get(key)!
  }
  const links = await findLinks(await context('alumni@amicale.example', 1280))
  for (const shot of shots.filter((s) => !only || only.includes(s.name))) {
    for (const width of [360, 1280]) {
      const page = await (await context(shot.as, width)).newPage()
      const target = typeof shot.path === 'function' ? shot.path(links) : shot.path
      await page.goto(`${url}${target}`, { waitUntil: 'networkidle' })
      const file = path.join(out, `${shot.name}-${width}.png`)
      await page.screenshot({ path: file })
      console.log(JSON.stringify({ shot: shot.name, width, path: target, file: path.relative(root, file) }))
      await page.close()
    }
  }
} finally {
  await browser.close()
  await stopChild(server)
  cleanUp()
}
