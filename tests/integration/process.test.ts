import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase } from '../support/database'
import { HttpClient } from '../support/http'

// The real entry point, compiled, as `npm start` runs it (after `npm run build`): seed, serve, stop on SIGTERM.
describe('server/index.ts', () => {
  const children: ReturnType<typeof spawn>[] = []
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')))

  it('seeds the demo data into an empty database, serves it, and shuts down cleanly on SIGTERM', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const child = spawn(process.execPath, ['--enable-source-maps', 'build/server/index.js'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        const line = output.split('\n').find((l) => l.includes('Amicale is listening'))
        if (line) {
          clearTimeout(timer)
          resolve(JSON.parse(line).url)
        }
      })
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
    })
    expect(output).toContain('demo data seeded')
    // Structured logs: every line is JSON.
    for (const line of output.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow()

    const health = await fetch(`${url}/healthz`)
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', mail: 'outbox' })
    const browser = new HttpClient(url)
    await browser.login('alumni@amicale.example', 'amicale-demo-2026')
    expect((await browser.get('/annuaire')).status).toBe(200)

    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(output).toContain('shutting down')
  })
})
