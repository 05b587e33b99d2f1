// Part of `npm run bench:search`: the /annuaire search over HTTP, as the page fetches it while the
// user types (single fetch: `/annuaire.data`, the root's and the directory's loaders in one
// turbo-stream answer), against the demo association (2,450 people). One JSON line per query kind.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { createAppContext, startServer } from '../server/app'
import { loadConfig } from '../server/config'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-'))
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_PATH: path.join(dir, 'a.db'),
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'true',
})
const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
const ctx = await createAppContext(config)
const server = await startServer(ctx, build)

const login = await fetch(`${server.url}/connexion`, {
  method: 'POST',
  redirect: 'manual',
  headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ email: 'alumni@amicale.example', password: 'amicale-demo-2026' }),
})
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ')

const kinds: Record<string, string[]> = {
  prefix: ['q=lef', 'q=mar', 'q=cam', 'q=hel', 'q=dup', 'q=ber'],
  typo: ['q=lefebre', 'q=martinn', 'q=bernardd', 'q=michellin'],
  filters: ['promo=2010-2015', 'diplome=Master%20Science%20des%20donn%C3%A9es', 'ville=Lyon&promo=2012', 'pays=CH'],
  radius: ['pres=Lyon&rayon=50', 'pres=Toulouse&rayon=25', 'q=ing&pres=Paris&rayon=10'],
  box: ['zone=49.0,48.5,2.6,2.0', 'zone=46.0,45.5,5.1,4.6'],
  browse: ['', 'tri=name&page=3', 'tri=promotion'],
  // The map's views (/api/annuaire/carte, clustered on the server), as the map asks after each move.
  map: ['bbox=-180,-85,180,85&zoom=2', 'bbox=-5,42,9,51&zoom=6', 'bbox=4.6,45.6,5.1,45.9&zoom=12', 'q=mar&bbox=-5,42,9,51&zoom=6'],
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const ROUNDS = 150
for (const [kind, queries] of Object.entries(kinds)) {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < ROUNDS; i++) {
    const query = queries[i % queries.length]
    const started = performance.now()
    const response = await fetch(`${server.url}${kind === 'map' ? '/api/annuaire/carte' : '/annuaire.data'}?${query}`, { headers: { cookie } })
    bytes += (await response.arrayBuffer()).byteLength
    times.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`${query}: ${response.status}`)
  }
  times.sort((a, b) => a - b)
  console.log(
    JSON.stringify({
      bench: 'directory-http',
      kind,
      n: ROUNDS,
      p50_ms: +percentile(times, 50).toFixed(2),
      p95_ms: +percentile(times, 95).toFixed(2),
      avg_kb: Math.round(bytes / ROUNDS / 1024),
    }),
  )
}
await server.close()
fs.rmSync(dir, { recursive: true, force: true })
