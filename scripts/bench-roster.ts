/**
 * The graduates' list import benchmark (issue #17: « 20,000 rows preview in under 5 s »). On a
 * fresh database seeded with the demo (2,450 accounts, a list of 1,500 graduates), a file of
 * BENCH_ROWS rows (default 20,000) as a French office exports it — Windows-1252, `;`, accents —
 * of which some rows are already on the list (unchanged), some changed (updates), some wrong
 * (errors), some namesakes (possible duplicates), the rest new. Prints JSON lines on stdout:
 *
 * - `use-case`: the preview (read, decode, parse, match: `previewRoster`), the apply (one
 *   IMMEDIATE transaction), the same file previewed and applied again (every row unchanged);
 * - `http`: the webmaster's round trip through the real app (Express, multipart upload, Remix
 *   action that checks and stores the file, the redirect, the page's loader that builds the
 *   preview and renders a page of it), then the apply button.
 *
 *   npm run bench:roster
 *   BENCH_ROWS=50000 npx tsx scripts/bench-roster.ts      # after `remix build`
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import type { ServerBuild } from '@remix-run/node'
import { createAppContext, startServer } from '../server/app'
import { loadConfig } from '../server/config'
import { applyRoster, previewRoster } from '../app/features/roster/roster-import.server'
import { positiveSetting } from './bench-seed'

const ROWS = positiveSetting('BENCH_ROWS', 20_000, { integer: true })
const log = (message: string) => process.stderr.write(`[bench:roster] ${message}\n`)
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1024 / 1024)
const round = (ms: number) => Math.round(ms)

// A fixed sequence (a linear congruential generator): every run reads the same file.
let state = 2026
const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
const FIRST =
  'Adèle Agathe Anaïs Antoine Aurélien Benoît Bérénice Céline Chloé Clément Éloïse Émile Étienne François Gaëlle Hélène Inès Jérôme Léa Léon Loïc Maëlle Noémie Raphaël Rémi Solène Théo Zoé'.split(
    ' ',
  )
const LAST =
  'Martin Bernard Dubois Lefèvre Lefebvre Lévêque Fontaine Guérin Chevalier Garnier Ménard Prévost Barthélemy Écuyer Le Gall Da Silva D’Almeida Œuvray Marchand Rivière'.split(
    ' ',
  )
const DIPLOMAS = ['Diplôme d’ingénieur — Informatique', 'Diplôme d’ingénieur — Génie civil', 'Mastère spécialisé Cybersécurité', 'Master Science des données']

/** Windows-1252 bytes of a text (the characters used here all have one). */
function windows1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '’': 0x92, œ: 0x9c, Œ: 0x8c, '—': 0x97 }
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    out[i] = extra[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)
  }
  return out
}

/** The file: a tenth of the demo's list as it is, a few of them changed, errors, namesakes, the rest new. */
function makeFile(known: { lastName: string; firstName: string; promotion: number; schoolId: string | null; email: string | null; diplomas: string[] }[]) {
  const lines = ['Nom;Prénom;Promotion;Diplômes;E-mail;Matricule']
  const same = known.slice(0, Math.min(known.length, Math.floor(ROWS / 20)))
  same.forEach((k, i) => {
    const email = i % 4 === 0 ? `nouvelle.${i}@exemple.fr` : (k.email ?? '')
    lines.push([k.lastName, k.firstName, k.promotion, k.diplomas.join(' | '), email, k.schoolId ?? ''].join(';'))
  })
  for (let i = lines.length - 1; i < ROWS; i++) {
    const first = pick(FIRST)
    const last = pick(LAST)
    const promotion = i % 97 === 0 ? '19x5' : String(1960 + Math.floor(random() * 66))
    const email = i % 3 === 0 ? `${i}.${first.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}@exemple.fr` : i % 211 === 0 ? 'pas-une-adresse' : ''
    const diplomas = i % 7 === 0 ? `${pick(DIPLOMAS)} | ${pick(DIPLOMAS)}` : pick(DIPLOMAS)
    // Most rows carry the school's id; a few do not, and are matched on name and promotion.
    const id = i % 10 === 0 ? '' : `B-${i}`
    lines.push([last, first, promotion, diplomas, email, id].join(';'))
  }
  return windows1252(lines.join('\r\n') + '\r\n')
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-roster-'))
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'amicale.db'),
    DATA_DIR: dir,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    MAP_TILE_URL: '',
  })
  log('seeding the demo…')
  const ctx = await createAppContext(config)
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  const server = await startServer(ctx, build)
  try {
    const sqlite = ctx.database.sqlite
    const webmaster = sqlite.prepare("select id from users where email = 'admin@amicale.example'").get() as { id: string }
    const known = (
      sqlite
        .prepare(
          `select last_name lastName, first_name firstName, promotion, school_id schoolId, email,
                  (select group_concat(diploma, '|') from graduate_diplomas d where d.graduate_id = g.id) diplomas
             from graduates g order by id`,
        )
        .all() as { lastName: string; firstName: string; promotion: number; schoolId: string | null; email: string | null; diplomas: string }[]
    ).map((k) => ({ ...k, diplomas: k.diplomas.split('|') }))
    const bytes = makeFile(known)
    log(
      `${ROWS} rows, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; ${known.length} graduates and ${(sqlite.prepare('select count(*) n from users').get() as { n: number }).n} accounts in the database`,
    )

    // The use cases, in the process.
    let started = performance.now()
    const cold = previewRoster(ctx, bytes)
    const previewCold = performance.now() - started
    if (!cold.ok) throw new Error(`preview refused the file: ${cold.error}`)
    started = performance.now()
    previewRoster(ctx, bytes)
    const preview = performance.now() - started
    const heapAfterPreview = heapMb()
    started = performance.now()
    const applied = applyRoster(ctx, { bytes, filename: 'bench.csv', by: webmaster.id })
    const apply = performance.now() - started
    if (!applied.ok) throw new Error('apply refused the file')
    started = performance.now()
    const again = previewRoster(ctx, bytes)
    const reimportPreview = performance.now() - started
    started = performance.now()
    const reapplied = applyRoster(ctx, { bytes, filename: 'bench.csv', by: webmaster.id })
    const reimportApply = performance.now() - started
    if (!again.ok || !reapplied.ok) throw new Error('re-import refused the file')
    console.log(
      JSON.stringify({
        kind: 'use-case',
        rows: ROWS,
        counts: cold.plan.counts,
        preview_cold_ms: round(previewCold),
        preview_ms: round(preview),
        apply_ms: round(apply),
        reimport_counts: again.plan.counts,
        reimport_preview_ms: round(reimportPreview),
        reimport_apply_ms: round(reimportApply),
        heap_mb_after_preview: heapAfterPreview,
        heap_mb: heapMb(),
      }),
    )

    // The webmaster's round trip, over HTTP: the rows the apply wrote are removed first, so that
    // the preview has as much to do as the first one did.
    sqlite.prepare('delete from graduates where import_id = ?').run(applied.importId)
    const session = await ctx.auth.createSession(webmaster.id, {})
    const headers = { cookie: `amicale_session=${session.id}`, origin: server.url }
    const form = new FormData()
    form.set('intent', 'preview')
    form.set('file', new File([Buffer.from(bytes)], 'bench.csv', { type: 'text/csv' }))
    started = performance.now()
    const posted = await fetch(new URL('/admin/diplomes', server.url), { method: 'POST', body: form, headers, redirect: 'manual' })
    const upload = performance.now() - started
    const location = posted.headers.get('location')
    if (posted.status !== 302 || !location) throw new Error(`preview post answered ${posted.status}`)
    const pageStarted = performance.now()
    const page = await fetch(new URL(location, server.url), { headers })
    const html = await page.text()
    const pageMs = performance.now() - pageStarted
    if (page.status !== 200 || !html.includes('Appliquer l’import')) throw new Error(`preview page answered ${page.status}`)
    const token = new URL(location, server.url).searchParams.get('apercu')!
    started = performance.now()
    const applyResponse = await fetch(new URL('/admin/diplomes', server.url), {
      method: 'POST',
      body: new URLSearchParams({ intent: 'apply', apercu: token }),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    })
    const applyMs = performance.now() - started
    if (applyResponse.status !== 302) throw new Error(`apply answered ${applyResponse.status}`)
    console.log(
      JSON.stringify({
        kind: 'http',
        rows: ROWS,
        upload_and_check_ms: round(upload),
        preview_page_ms: round(pageMs),
        preview_total_ms: round(upload + pageMs),
        page_kb: Math.round(Buffer.byteLength(html) / 1024),
        apply_ms: round(applyMs),
        heap_mb: heapMb(),
      }),
    )
  } finally {
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
