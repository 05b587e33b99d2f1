import { spawn } from 'node:child_process'

const children = new Set<ReturnType<typeof spawn>>()

/** Kills (SIGKILL) every server a test file started and left running: call it in `afterAll`. */
export function killChildServers() {
  for (const child of children) child.kill('SIGKILL')
  children.clear()
}

/**
 * The real entry point, compiled, as `npm start` runs it (after `npm run build`), in a child
 * process: `listening` resolves with its URL, `exit` with its exit code; `output` collects its logs.
 */
export function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--enable-source-maps', 'build/server/index.js'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'info', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  const output = { stdout: '', stderr: '' }
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk))
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child)
      resolve(code)
    }),
  )
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output.stdout}${output.stderr}`)), 30_000)
    child.stdout!.on('data', () => {
      const line = output.stdout.split('\n').find((l) => l.includes('Amicale is listening'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).url as string)
      }
    })
    void exit.then(() => reject(new Error(`exited before listening:\n${output.stdout}${output.stderr}`)))
  })
  listening.catch(() => {})
  return { child, output, exit, listening }
}
