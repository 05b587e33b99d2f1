import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import readline from 'node:readline'

// The benchmarks' child processes (app servers, bare servers) and temporary folders: started,
// stopped, and always cleaned up, even when a run is cut by a signal or a watchdog.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`)), ms)
    }),
  ])
}

/** CPU seconds (user + system) a child has used so far, from /proc (Linux); null elsewhere. */
export function childCpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null
  }
}
export const ownCpuSeconds = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

export function benchChildren(root: string, log: (...parts: unknown[]) => void) {
  const children = new Set<ChildProcess>()
  const tempDirs = new Set<string>()

  function cleanUp() {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL')
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
  }

  /** Stops at once (signal, watchdog): children killed and gone before their files are removed. */
  async function abort(code: number) {
    const gone = [...children].map(
      (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve))),
    )
    for (const child of children) child.kill('SIGKILL')
    await Promise.race([Promise.all(gone), sleep(3000)])
    cleanUp()
    process.exit(code)
  }

  /** Starts a child and resolves with the `url` of the first JSON line on its stdout whose `msg` matches. */
  function startChild(args: string[], env: NodeJS.ProcessEnv, ready: string, label: string) {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    child.once('exit', () => children.delete(child))
    readline.createInterface({ input: child.stderr! }).on('line', (line) => log(`${label} stderr: ${line}`))
    const lines = readline.createInterface({ input: child.stdout! })
    const url = new Promise<string>((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`${label} exited (${code ?? signal}) before it was ready`)))
      lines.on('line', (line) => {
        let entry: { msg?: string; url?: string; level?: number } = {}
        try {
          entry = JSON.parse(line)
        } catch {
          log(`${label}: ${line}`)
          return
        }
        if (entry.msg === ready && entry.url) resolve(entry.url)
        else if ((entry.level ?? 0) >= 40) log(`${label}: ${line}`) // warnings and errors only
      })
    })
    return { child, url: withTimeout(url, 60_000, `${label} start`) }
  }

  async function stopChild(child: ChildProcess) {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])
    if (!stopped) child.kill('SIGKILL')
  }

  return { tempDirs, cleanUp, abort, startChild, stopChild }
}
