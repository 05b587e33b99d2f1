import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { NodeWebSocket } from 'engine.io-client'
import { io as connect, type Socket } from 'socket.io-client'
import crypto from 'node:crypto'
import { createAppContext } from '../../server/app'
import { loadConfig } from '../../server/config'
import { TEST_PASSWORD } from '../factories'
import { freshDatabase } from './database'
import { HttpClient } from './http'

// Helpers of tests/integration/workers.test.ts: the compiled server in child processes (several
// workers behind one port), sockets that tell which worker took them, and `npm start` in a copy.

/** Which worker answered: on every HTTP response and WebSocket upgrade with WEB_CONCURRENCY > 1. */
export const WORKER = 'x-amicale-worker'

export interface Running {
  child: ChildProcess
  url: string
  output: () => string
  exit: Promise<number | null>
}

/** Every process started here, to be killed if a test leaves one behind. */
export const children: ChildProcess[] = []

/** `node build/server/index.js`; resolves once it logs that it listens, or rejects with what it printed. */
export function spawnServer(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  exit: Promise<number | null>
  listening: Promise<string>
} {
  const child = spawn(process.execPath, ['--enable-source-maps', 'build/server/index.js'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'info', SEED_DEMO: 'false', MAP_TILE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 40 s:\n${text}`)), 40_000)
    child.stdout!.on('data', () => {
      const line = text.split('\n').find((l) => l.includes('Amicale is listening'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).url as string)
      }
    })
    void exit.then(() => {
      clearTimeout(timer)
      reject(new Error(`exited before listening:\n${text}`))
    })
  })
  listening.catch(() => {})
  return { child, output: () => text, exit, listening }
}

/** The log lines (JSON) of the workers' starts: their number and pid. */
export function workersServing(output: string): { worker: number; pid: number }[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"worker serving"'))
    .map((l) => JSON.parse(l) as { worker: number; pid: number })
}

/** A member's socket as a browser opens it, and the worker that took its WebSocket upgrade. */
export async function socketOnSomeWorker(baseUrl: string, email: string): Promise<{ socket: Socket; worker: string }> {
  const browser = new HttpClient(baseUrl)
  await browser.login(email, TEST_PASSWORD)
  return socketWithSession(baseUrl, browser.cookies.get('amicale_session')!)
}

export async function socketWithSession(baseUrl: string, sessionId: string): Promise<{ socket: Socket; worker: string }> {
  let worker = ''
  class TracingWebSocket extends NodeWebSocket {
    override createSocket(uri: string, protocols: string | string[] | undefined, opts: Record<string, unknown>) {
      const ws = super.createSocket(uri, protocols, opts) as { once(event: 'upgrade', listener: (res: { headers: Record<string, string> }) => void): void }
      ws.once('upgrade', (res) => (worker = res.headers[WORKER] ?? ''))
      return ws
    }
  }
  const socket = connect(baseUrl, {
    transports: [TracingWebSocket],
    extraHeaders: { origin: baseUrl, cookie: `amicale_session=${sessionId}` },
    reconnection: false,
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket not connected within 5 s')), 5000)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.once('connect_error', reject)
  })
  return { socket, worker }
}

/** Sockets of `email` until one lands on each of two different workers (new connections go round-robin). */
export async function socketsOnTwoWorkers(baseUrl: string, emails: [string, string]) {
  const opened: Socket[] = []
  const first = await socketOnSomeWorker(baseUrl, emails[0])
  opened.push(first.socket)
  for (let attempt = 0; attempt < 6; attempt++) {
    const second = await socketOnSomeWorker(baseUrl, emails[1])
    if (second.worker !== first.worker) {
      opened.filter((s) => s !== first.socket).forEach((s) => s.disconnect())
      return { a: first, b: second }
    }
    opened.push(second.socket)
    // A log-in and a socket are two new connections: one more request shifts the round-robin.
    await fetch(`${baseUrl}/healthz`)
  }
  opened.forEach((s) => s.disconnect())
  throw new Error('every socket landed on the same worker')
}

export const portIsClosed = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url)
    const socket = net.connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A copy of the project that `npm start` may build without touching the shared build/ of the other tests. */
export function isolatedProject(): string {
  const root = process.cwd()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-npm-start-'))
  // Copies, not links: Remix's compiler and the server build find the project from real paths.
  for (const name of ['app', 'db', 'search', 'server', 'scripts']) fs.cpSync(path.join(root, name), path.join(dir, name), { recursive: true })
  for (const name of ['package.json', 'remix.config.js', 'remix.env.d.ts', 'tsconfig.json']) fs.copyFileSync(path.join(root, name), path.join(dir, name))
  fs.cpSync(path.join(root, 'public'), path.join(dir, 'public'), { recursive: true, filter: (source) => source !== path.join(root, 'public', 'build') })
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'))
  return dir
}

/** The processes whose working directory is `dir` (Linux's /proc). */
export function processesIn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === dir
      } catch {
        return false
      }
    })
    .map(Number)
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * Searches `company` through `browser` (its requests alternate between the workers) until both
 * workers have returned `memberId`, or `withinMs` after `since`; when each first did, in ms.
 */
export async function searchOnBothWorkers(browser: HttpClient, company: string, memberId: string, since: number, withinMs: number) {
  const foundAfter = new Map<string, number>()
  while (foundAfter.size < 2 && Date.now() - since < withinMs) {
    const response = await browser.get(`/api/annuaire?q=${company}`)
    if (response.status !== 200) throw new Error(`search answered ${response.status}`)
    const worker = response.headers.get(WORKER) ?? '?'
    const { hits } = (await response.json()) as { hits: { id: string }[] }
    if (hits.some((h) => h.id === memberId) && !foundAfter.has(worker)) foundAfter.set(worker, Date.now() - since)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return foundAfter
}

/**
 * The compiled server with two workers on a fresh database and `redisUrl`, and this test
 * process's own context on the same file and the same Redis (it makes accounts, events, sessions).
 */
export async function startTwoWorkers(redisUrl: string) {
  const { databasePath, dataDir } = freshDatabase()
  const env = { REDIS_URL: redisUrl, DATABASE_PATH: databasePath, DATA_DIR: dataDir, SESSION_SECRET: crypto.randomBytes(32).toString('hex') }
  const started = spawnServer({ ...env, WEB_CONCURRENCY: '2' })
  const app: Running = { ...started, url: await started.listening }
  const ctx = await createAppContext(
    loadConfig({ ...env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'silent', MAP_TILE_URL: '' }),
  )
  return { app, ctx }
}
