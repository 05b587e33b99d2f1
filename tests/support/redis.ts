import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

const REDIS_SERVER = '/usr/bin/redis-server'

export interface TestRedis {
  url: string
  stop(): Promise<void>
}

/** A throwaway redis-server (Debian's) on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<TestRedis> {
  if (!fs.existsSync(REDIS_SERVER)) throw new Error('redis-server is missing: apt-get install -y redis-server')
  let lastError: unknown
  // A free port may be taken between the check and redis-server's bind: try again on another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(await freePort())
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

async function startOn(port: number): Promise<TestRedis> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let running = true
  void exited.then(() => (running = false))

  const deadline = Date.now() + 5_000
  while (!(await answersPing(port))) {
    if (!running || Date.now() > deadline) {
      await stopChild(child, exited)
      throw new Error(`redis-server did not start on port ${port}:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child, exited),
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
  await exited
  clearTimeout(timer)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A raw `PING`: true once the server answers `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}
