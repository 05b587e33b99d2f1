/**
 * Election cryptography benchmark, in Node (issue #18): one JSON line per measure.
 *
 *   npm run bench:election
 *   BENCH_BALLOTS=2000 BENCH_SEATS=3 npm run bench:election
 *
 * - the key ceremony of 3 trustees (threshold 2), each step;
 * - encryption of a 10-candidate ballot with its proofs (what a voter's browser does);
 * - verification of one ballot (what the server does before accepting it: its p95 is the goal);
 * - the verifier on a board of BENCH_BALLOTS ballots (default 10,000), run as `election:verify`
 *   does it, with worker threads (ELECTION_VERIFY_WORKERS, default the cores);
 * - the tally (homomorphic sum), each trustee's partial decryption and the final decryption.
 * - encryption of a 10-candidate ballot in Debian's Chromium (the crypto bundled by esbuild into a
 *   page served on loopback), as is and under 4× CPU throttling (CDP), BENCH_BROWSER_RUNS each;
 * - the server's acceptance of a ballot: the real server on a sealed election; each voter
 *   re-authenticates (`reauth`), then casts with the grant (`cast`) over HTTP; the same
 *   acceptance inside the server (`castBallot`); the one-request form; four voters at once.
 * The board of N ballots is kept in the temporary directory and reused (BENCH_FRESH=1 rebuilds
 * it): encrypting 10,000 ballots takes minutes, on two workers. BENCH_LIVE_ONLY=1 runs the
 * browser and HTTP measures alone, BENCH_LIVE_ONLY=http the HTTP ones.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import {
  type Ballot,
  type BallotElection,
  credentialFromSecret,
  encryptBallot,
  newCredentialSecret,
  verifyBallot,
} from '../app/features/elections/crypto/ballot'
import {
  type Board,
  type ElectionParameters,
  BOARD_FORMAT,
  ballotElectionOf,
  boardTrustees,
  electionFingerprint,
  PARAMETERS_FORMAT,
} from '../app/features/elections/crypto/board'
import { GROUP } from '../app/features/elections/crypto/group'
import { decryptTally, encryptedTally, resultFromTotals } from '../app/features/elections/crypto/tally'
import {
  type CeremonyContext,
  type TrusteeKeyFile,
  ceremonyCheckAndShare,
  ceremonyFinalise,
  ceremonyPublish,
  partialDecrypt,
} from '../app/features/elections/crypto/threshold'

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 10_000)
const CANDIDATES = 10
const SEATS = Number(process.env.BENCH_SEATS ?? 5)
const RUNS = 50

type Job = { election: BallotElection; electionId: string; votes: number[][] }

const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`

const line = (fields: Record<string, unknown>) => console.log(JSON.stringify(fields))
const round = (ms: number) => Math.round(ms * 10) / 10

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return { p50_ms: at(0.5), p95_ms: at(0.95), max_ms: round(sorted[sorted.length - 1]!) }
}

function time<T>(f: () => T): [T, number] {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Some blank, the others 1…SEATS distinct candidates. */
function randomVotes(count: number): number[][] {
  const random = prng(2026)
  return Array.from({ length: count }, () => {
    if (random() < 0.05) return []
    const k = 1 + Math.floor(random() * SEATS)
    const order = Array.from({ length: CANDIDATES }, (_, i) => i).sort(() => random() - 0.5)
    return order.slice(0, k)
  })
}

function encryptInWorkers(job: Job, workers: number): Promise<Ballot[]> {
  const size = Math.ceil(job.votes.length / workers)
  return Promise.all(
    Array.from(
      { length: workers },
      (_, i) =>
        new Promise<Ballot[]>((resolve, reject) => {
          const worker = new Worker(WORKER_BOOT, { eval: true })
          worker.once('message', (ballots: Ballot[]) => {
            resolve(ballots)
            void worker.terminate()
          })
          worker.once('error', reject)
          worker.postMessage({ ...job, votes: job.votes.slice(i * size, (i + 1) * size) } satisfies Job)
        }),
    ),
  ).then((parts) => parts.flat())
}

async function main() {
  const cpus = os.cpus()
  line({
    bench: 'machine',
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    load: os.loadavg().map(round),
  })
  if (process.env.BENCH_LIVE_ONLY) return liveBenchmarks()
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({ id: `c${i + 1}`, name: `Candidate ${i + 1}` }))
  const cachePath = path.join(os.tmpdir(), `amicale-bench-election-${BALLOTS}-${CANDIDATES}-${SEATS}.json`)
  const workers = Math.max(1, Math.min(8, Number(process.env.ELECTION_VERIFY_WORKERS) || os.availableParallelism()))

  // The key ceremony, 3 trustees, threshold 2.
  const context: CeremonyContext = { electionId: `bench-${BALLOTS}`, trustees: ['Trustee 1', 'Trustee 2', 'Trustee 3'], threshold: 2 }
  const [steps, publishMs] = time(() => context.trustees.map((_, i) => ceremonyPublish(context, i + 1)))
  const commitments = steps.map((s) => s.message)
  const [shares, shareMs] = time(() => steps.map((s) => ceremonyCheckAndShare(s.state, commitments)))
  const sharesMessages = shares.map((r) => (r.ok ? r.message : null))
  const [finals, finaliseMs] = time(() => steps.map((s) => ceremonyFinalise(s.state, commitments, sharesMessages)))
  line({
    bench: 'election-ceremony',
    trustees: 3,
    threshold: 2,
    publish_ms_each: round(publishMs / 3),
    check_and_share_ms_each: round(shareMs / 3),
    finalise_ms_each: round(finaliseMs / 3),
  })
  const keys = finals.map((f) => {
    if (!f.ok) throw new Error(f.failure)
    return f
  })

  // The board (kept between runs with the key files of its own ceremony: a bench has no secrets).
  let board: Board
  let keyFiles: TrusteeKeyFile[]
  if (existsSync(cachePath) && process.env.BENCH_FRESH !== '1') {
    ;({ board, keyFiles } = JSON.parse(readFileSync(cachePath, 'utf8')) as { board: Board; keyFiles: TrusteeKeyFile[] })
  } else {
    const parameters: ElectionParameters = {
      format: PARAMETERS_FORMAT,
      group: GROUP,
      id: context.electionId,
      title: `Benchmark, ${BALLOTS} ballots`,
      seats: SEATS,
      candidates,
      tieRule: { kind: 'drawn-order' },
      roll: { size: BALLOTS, digest: null },
      credentials: null,
      threshold: 2,
      trustees: boardTrustees(
        context.trustees,
        commitments,
        keys.map((k) => k.message),
      ),
      publicKey: keys[0]!.keyFile.publicKey,
    }
    const fingerprint = electionFingerprint(parameters)
    const started = performance.now()
    const ballots = await encryptInWorkers(
      { election: ballotElectionOf(parameters, fingerprint), electionId: parameters.id, votes: randomVotes(BALLOTS) },
      workers,
    )
    line({ bench: 'election-board-build', ballots: BALLOTS, workers, seconds: round((performance.now() - started) / 1000) })
    board = { format: BOARD_FORMAT, parameters, fingerprint, voted: ballots.length, ballots, tally: null }
    keyFiles = keys.map((k) => k.keyFile)
  }

  // The tally on the server, the partial decryptions in two trustees' browsers, the decryption.
  const { parameters, fingerprint } = board
  const [encrypted, tallyMs] = time(() => encryptedTally(CANDIDATES, board.ballots))
  line({ bench: 'election-tally', ballots: board.ballots.length, candidates: CANDIDATES, ms: round(tallyMs), note: 'one thread' })
  // What the server does at the close: the same sum split over its election workers.
  {
    const { createElectionsCrypto } = await import('../server/elections-pool')
    const pino = (await import('pino')).default
    const pool = createElectionsCrypto({ logger: pino({ level: 'warn' }) })
    const texts = board.ballots.map((b) => JSON.stringify(b))
    pool.warm()
    await pool.sum(CANDIDATES, texts.slice(0, 4))
    const started = performance.now()
    const sum = await pool.sum(CANDIDATES, texts)
    const ms = performance.now() - started
    await pool.close()
    if (JSON.stringify(sum) !== JSON.stringify(encrypted)) throw new Error('the workers’ sum differs from one thread’s')
    line({ bench: 'election-tally-workers', ballots: texts.length, workers: pool.workers, ms: round(ms), note: 'server at the close, off the request thread' })
  }
  const [partials, partialMs] = time(() => [1, 3].map((t) => partialDecrypt(fingerprint, keyFiles[t - 1]!, encrypted)))
  const [totals, decryptMs] = time(() => decryptTally(parameters, fingerprint, encrypted, partials, board.ballots.length))
  if (!totals.ok) throw new Error(totals.failure)
  line({ bench: 'election-decrypt', trustees: 2, partial_decryption_ms_each: round(partialMs / 2), check_combine_and_log_ms: round(decryptMs) })
  board.tally = { encrypted, partialDecryptions: partials, result: resultFromTotals(parameters, board.ballots.length, totals.totals) }
  writeFileSync(cachePath, JSON.stringify({ board, keyFiles }))

  // A voter's browser and the server, one ballot at a time (on the board's election).
  const election = ballotElectionOf(board.parameters, board.fingerprint)
  const credential = credentialFromSecret(board.parameters.id, newCredentialSecret())
  const votes = randomVotes(RUNS)
  encryptBallot(election, votes[0]!, credential)
  const encryptions: number[] = []
  const ballots: Ballot[] = []
  for (const choice of votes) {
    const [ballot, ms] = time(() => encryptBallot(election, choice, credential))
    encryptions.push(ms)
    ballots.push(ballot)
  }
  line({ bench: 'election-encrypt', candidates: CANDIDATES, seats: SEATS, runs: RUNS, ...percentiles(encryptions) })
  const checks: number[] = []
  for (const ballot of ballots) {
    const text = JSON.stringify(ballot)
    const [result, ms] = time(() => verifyBallot(election, text))
    if (!result.ok) throw new Error(result.failure)
    checks.push(ms)
  }
  line({ bench: 'election-ballot-verify', candidates: CANDIDATES, seats: SEATS, runs: RUNS, ...percentiles(checks) })

  // The verifier as anyone runs it.
  const verifyBoard = path.join(os.tmpdir(), `amicale-bench-election-${BALLOTS}-board.json`)
  writeFileSync(verifyBoard, JSON.stringify(board))
  const started = performance.now()
  const tsx = fileURLToPath(import.meta.resolve('tsx/cli'))
  const run = spawnSync(process.execPath, [tsx, path.join(import.meta.dirname, 'election-verify.ts'), verifyBoard, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ELECTION_VERIFY_WORKERS: String(workers) },
  })
  const seconds = (performance.now() - started) / 1000
  const last = run.stdout.trim().split('\n').pop() ?? ''
  let verified: unknown = last.slice(0, 200) || run.stderr.slice(0, 200)
  try {
    verified = (JSON.parse(last) as { ok: boolean }).ok
  } catch {
    // Keep the text: the verifier printed something else.
  }
  line({
    bench: 'election-verify-board',
    ballots: board.ballots.length,
    workers,
    seconds: round(seconds),
    per_ballot_ms: round((seconds * 1000) / board.ballots.length),
    exit: run.status,
    verified,
  })
  await liveBenchmarks()
}

const BROWSER_RUNS = Math.max(20, Number(process.env.BENCH_BROWSER_RUNS ?? 24))
const HTTP_RUNS = Math.max(20, Number(process.env.BENCH_HTTP_RUNS ?? 100))
/** Casts first sent and not counted: the route's module, the sealed parameters and the workers' JIT warm up. */
const HTTP_WARMUP = Number(process.env.BENCH_HTTP_WARMUP ?? 10)

/** A sealed 10-candidate election of `voters` credentials, from a real ceremony. */
function benchElection(id: string, credentials: string[]) {
  const context: CeremonyContext = { electionId: id, trustees: ['Trustee 1', 'Trustee 2', 'Trustee 3'], threshold: 2 }
  const steps = context.trustees.map((_, i) => ceremonyPublish(context, i + 1))
  const commitments = steps.map((s) => s.message)
  const shares = steps.map((s) => ceremonyCheckAndShare(s.state, commitments)).map((r) => (r.ok ? r.message : null))
  const keys = steps
    .map((s) => ceremonyFinalise(s.state, commitments, shares))
    .map((f) => {
      if (!f.ok) throw new Error(f.failure)
      return f
    })
  const parameters: ElectionParameters = {
    format: PARAMETERS_FORMAT,
    group: GROUP,
    id,
    title: 'Benchmark',
    seats: SEATS,
    candidates: Array.from({ length: CANDIDATES }, (_, i) => ({ id: `c${i + 1}`, name: `Candidate ${i + 1}` })),
    tieRule: { kind: 'drawn-order' },
    roll: { size: Math.max(1, credentials.length), digest: null },
    credentials: credentials.length ? [...credentials].sort() : null,
    threshold: 2,
    trustees: boardTrustees(
      context.trustees,
      commitments,
      keys.map((k) => k.message),
    ),
    publicKey: keys[0]!.keyFile.publicKey,
  }
  return { parameters, fingerprint: electionFingerprint(parameters) }
}

async function liveBenchmarks() {
  if (process.env.BENCH_LIVE_ONLY !== 'http') await browserEncryption()
  await httpAcceptance()
}

/** A voter's browser: Chromium encrypting in a page, as the voting page does on submit. */
async function browserEncryption() {
  const { build } = await import('esbuild')
  const bundle = await build({
    stdin: { contents: "export * from './app/features/elections/crypto/ballot'", resolveDir: path.join(import.meta.dirname, '..'), loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'ElectionCrypto',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
  })
  const script = bundle.outputFiles[0]!.text
  const server = http.createServer((req, res) => {
    if (req.url === '/crypto.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="fr"><title>bench</title><script src="/crypto.js"></script></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const { election, votes } = (() => {
    const { parameters, fingerprint } = benchElection('bench-browser', [])
    return { election: ballotElectionOf(parameters, fingerprint), votes: randomVotes(BROWSER_RUNS + 2) }
  })()
  // The tests' launcher: Debian's Chromium with this closed network's flags (shared/STACK.md).
  const { launchBrowser } = await import('../tests/support/browser')
  const browser = await launchBrowser()
  try {
    for (const throttling of [1, 4]) {
      const page = await browser.newPage()
      await page.goto(url)
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttling })
      const samples = await page.evaluate(
        ({ election, votes, electionId }) => {
          type Crypto = {
            newCredentialSecret(): string
            credentialFromSecret(id: string, secret: string): unknown
            encryptBallot(e: unknown, c: number[], k: unknown): unknown
            ballotText(b: unknown): string
          }
          const c = (window as unknown as { ElectionCrypto: Crypto }).ElectionCrypto
          const out: number[] = []
          for (const [i, choice] of votes.entries()) {
            const started = performance.now()
            // What the page does on submit: the credential from the code, the ballot, its text.
            c.ballotText(c.encryptBallot(election, choice, c.credentialFromSecret(electionId, c.newCredentialSecret())))
            if (i >= 2) out.push(performance.now() - started)
          }
          return out
        },
        { election, votes, electionId: 'bench-browser' },
      )
      line({
        bench: 'election-encrypt-chromium',
        candidates: CANDIDATES,
        seats: SEATS,
        cpu_throttling: throttling,
        runs: samples.length,
        bundle_kb: Math.round(script.length / 1024),
        ...percentiles(samples),
      })
      await page.close()
    }
  } finally {
    await browser.close()
    server.close()
  }
}

/** The server accepting ballots over HTTP: the voting page's `cast` action, one voter after another. */
async function httpAcceptance() {
  const { createAppContext, startServer } = await import('../server/app')
  const { loadConfig } = await import('../server/config')
  const { hashPassword } = await import('../app/features/accounts/auth.server')
  const schema = await import('../db/schema')
  const { ballotText } = await import('../app/features/elections/crypto/ballot')
  const { canonicalJson } = await import('../app/features/elections/crypto/group')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-http-'))
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'amicale.db'),
    DATA_DIR: dir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...(process.env.ELECTION_WORKERS ? { ELECTION_WORKERS: process.env.ELECTION_WORKERS } : {}),
  })
  const ctx = await createAppContext(config)
  const build = await import(path.join(import.meta.dirname, '..', 'build', 'index.js'))
  const server = await startServer(ctx, build)
  try {
    const password = 'bench-password-2026'
    const passwordHash = await hashPassword(password)
    const now = new Date()
    const id = 'bench-http'
    const voters = Array.from({ length: HTTP_RUNS + HTTP_WARMUP }, (_, i) => ({ id: `bench-voter-${i}`, secret: newCredentialSecret() }))
    for (const v of voters) {
      ctx.db
        .insert(schema.users)
        .values({ id: v.id, email: `${v.id}@bench.example`, passwordHash, firstName: 'Voter', lastName: v.id, role: 'user', status: 'active', createdAt: now })
        .run()
      ctx.db.insert(schema.memberships).values({ userId: v.id, kind: 'alumni', activatedAt: now }).run()
    }
    const { parameters, fingerprint } = benchElection(
      id,
      voters.map((v) => credentialFromSecret(id, v.secret).public.encoded),
    )
    const day = 24 * 3600_000
    ctx.db
      .insert(schema.elections)
      .values({
        id,
        title: parameters.title,
        seats: SEATS,
        candidacyOpensAt: new Date(now.getTime() - 30 * day),
        candidacyClosesAt: new Date(now.getTime() - 20 * day),
        rollAt: new Date(now.getTime() - 20 * day),
        votingOpensAt: new Date(now.getTime() - day),
        votingClosesAt: new Date(now.getTime() + day),
        state: 'sealed',
        rollFrozenAt: new Date(now.getTime() - 20 * day),
        parameters: canonicalJson(parameters),
        fingerprint,
        sealedAt: new Date(now.getTime() - 2 * day),
        createdAt: now,
        updatedAt: now,
      })
      .run()
    ctx.db
      .insert(schema.electionRoll)
      .values(voters.map((v) => ({ electionId: id, userId: v.id, name: v.id })))
      .run()
    const election = ballotElectionOf(parameters, fingerprint)
    const votes = randomVotes(HTTP_RUNS + HTTP_WARMUP)
    const casts = await Promise.all(
      voters.map(async (v, i) => ({
        userId: v.id,
        session: (await ctx.auth.createSession(v.id, {})).id,
        ballot: ballotText(encryptBallot(election, votes[i]!, credentialFromSecret(id, v.secret))),
      })),
    )
    const headers = (cast: (typeof casts)[number]) => ({
      cookie: `amicale_session=${cast.session}`,
      origin: server.url,
      'content-type': 'application/x-www-form-urlencoded',
    })
    const action = `${server.url}/elections/${id}/voter.data`
    const timed = async (cast: (typeof casts)[number], form: Record<string, string>) => {
      const started = performance.now()
      const response = await fetch(action, { method: 'POST', headers: headers(cast), body: new URLSearchParams(form) })
      const body = await response.text()
      if (response.status !== 200) throw new Error(`${form.intent}: ${response.status} ${body.slice(0, 200)}`)
      return { ms: performance.now() - started, body }
    }
    // The page's two steps: re-authentication (argon2id), then the ballot with the grant.
    const grants = new Map<(typeof casts)[number], string>()
    const reauths: number[] = []
    const samples: number[] = []
    for (const [i, cast] of casts.entries()) {
      const reauth = await timed(cast, { intent: 'reauth', password })
      const grant = /"(\d{13}\.[A-Za-z0-9_-]{43})"/.exec(reauth.body)?.[1]
      if (!grant) throw new Error(`reauth ${i}: no grant in ${reauth.body.slice(0, 200)}`)
      grants.set(cast, grant)
      const { ms } = await timed(cast, { intent: 'cast', ballot: cast.ballot, grant })
      if (i >= HTTP_WARMUP) {
        reauths.push(reauth.ms)
        samples.push(ms)
      }
    }
    // The same acceptance inside the server (revotes of the same ballots): the cast from its
    // parsed form to the committed box row and queued tracker mail, without HTTP and Remix.
    const { castBallot } = await import('../app/features/elections/voting.server')
    const accepted: number[] = []
    for (const cast of casts.slice(HTTP_WARMUP)) {
      const started = performance.now()
      const result = await castBallot(ctx, {
        electionId: id,
        userId: cast.userId,
        ballot: cast.ballot,
        baseUrl: server.url,
        grant: grants.get(cast)!,
        sessionId: cast.session,
      })
      accepted.push(performance.now() - started)
      if (!result.ok) throw new Error(`castBallot: ${result.error}`)
    }
    // The one-request form (password and ballot together), as revotes of the same ballots.
    const oneRequest: number[] = []
    for (const cast of casts.slice(HTTP_WARMUP)) oneRequest.push((await timed(cast, { intent: 'cast', ballot: cast.ballot, password })).ms)
    const post = (cast: (typeof casts)[number]) =>
      fetch(action, { method: 'POST', headers: headers(cast), body: new URLSearchParams({ intent: 'cast', ballot: cast.ballot, grant: grants.get(cast)! }) })
    // Four voters at once (revotes of the same ballots) while another client asks for a light
    // page: what a cast's proof checks cost everybody else on the request thread.
    const concurrent: number[] = []
    const probes: number[] = []
    let casting = true
    const probing = (async () => {
      while (casting) {
        const started = performance.now()
        await (await fetch(`${server.url}/healthz`)).arrayBuffer()
        probes.push(performance.now() - started)
      }
    })()
    const queue = casts.slice(HTTP_WARMUP)
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let cast = queue.shift(); cast; cast = queue.shift()) {
          const started = performance.now()
          const response = await post(cast)
          await response.arrayBuffer()
          if (response.status !== 200) throw new Error(`concurrent cast: ${response.status}`)
          concurrent.push(performance.now() - started)
        }
      }),
    )
    casting = false
    await probing
    const argon: number[] = []
    const { verifyPassword } = await import('../app/features/accounts/auth.server')
    for (let i = 0; i < 10; i++) {
      const started = performance.now()
      await verifyPassword(passwordHash, password)
      argon.push(performance.now() - started)
    }
    // The same route answering at once (an unknown intent): what HTTP, the session and Remix cost.
    const baseline: number[] = []
    for (const cast of casts.slice(0, 20)) {
      const started = performance.now()
      const response = await fetch(`${server.url}/elections/${id}/voter.data`, {
        method: 'POST',
        headers: { cookie: `amicale_session=${cast.session}`, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'none' }),
      })
      await response.arrayBuffer()
      baseline.push(performance.now() - started)
    }
    // The same request with the ballot, refused at the grant: what carrying and parsing it costs.
    const refusedGrant: number[] = []
    for (const cast of casts.slice(0, 20)) {
      const started = performance.now()
      const response = await fetch(action, {
        method: 'POST',
        headers: headers(cast),
        body: new URLSearchParams({ intent: 'cast', ballot: cast.ballot, grant: '0.x' }),
      })
      await response.arrayBuffer()
      refusedGrant.push(performance.now() - started)
    }
    const box = ctx.db.select().from(schema.electionBallots).all().length
    line({
      bench: 'election-cast-http',
      candidates: CANDIDATES,
      seats: SEATS,
      workers: ctx.electionsCrypto.workers,
      runs: samples.length,
      box,
      ...percentiles(samples),
      note: 'the ballot with the grant of the step before',
    })
    line({
      bench: 'election-cast-accept',
      runs: accepted.length,
      ...percentiles(accepted),
      note: 'castBallot in the server: checks on the workers, the box transaction, the mail queued',
    })
    line({ bench: 'election-reauth-http', runs: reauths.length, ...percentiles(reauths), note: 'password step before choosing (argon2id)' })
    line({ bench: 'election-cast-http-one-request', runs: oneRequest.length, ...percentiles(oneRequest), note: 'password and ballot in one request' })
    line({
      bench: 'election-cast-http-concurrent',
      clients: 4,
      workers: ctx.electionsCrypto.workers,
      casts: concurrent.length,
      ...percentiles(concurrent),
      probe: { runs: probes.length, ...percentiles(probes), note: 'GET /healthz meanwhile' },
    })
    line({ bench: 'election-cast-http-baseline', runs: baseline.length, ...percentiles(baseline), note: 'same route, refused at once' })
    line({
      bench: 'election-cast-http-refused-grant',
      runs: refusedGrant.length,
      ...percentiles(refusedGrant),
      note: 'same route and ballot, refused at the grant',
    })
    line({ bench: 'election-cast-password-check', runs: argon.length, ...percentiles(argon), note: 'argon2id, part of the re-authentication' })
  } finally {
    await server.close()
    ctx.database.sqlite.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMainThread) {
  void main()
} else {
  parentPort!.once('message', (job: Job) => {
    const ballots = job.votes.map((choice) => encryptBallot(job.election, choice, credentialFromSecret(job.electionId, newCredentialSecret())))
    parentPort!.postMessage(ballots)
  })
}
