import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { admission } from '../../server/admission'

// The line in front of page renders (server/admission.ts), on a real HTTP server.

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** An app whose pages each compute `ms` of synchronous work, or wait `wait` ms for "another service". */
async function appWith(options: Parameters<typeof admission>[0]) {
  const line = admission(options)
  const app = express()
  const order: string[] = []
  const arrived: string[] = []
  let inside = 0
  let most = 0
  app.use((req, _res, next) => {
    arrived.push(req.path.split('/').pop()!)
    next()
  })
  app.use(line)
  app.all('/page/:name', (req, res) => {
    inside++
    most = Math.max(most, inside)
    const finish = () => {
      order.push(req.params.name!)
      inside--
      res.type('text/plain').send(req.params.name)
    }
    if (req.query.wait) setTimeout(finish, Number(req.query.wait))
    else {
      const until = Date.now() + Number(req.query.ms ?? 5)
      while (Date.now() < until);
      // The render awaits twice (a loader, the stream), as Remix does: the others could slip in.
      void Promise.resolve()
        .then(() => new Promise((resolve) => setImmediate(resolve)))
        .then(finish)
    }
  })
  const server = http.createServer(app)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, line, order, arrived, most: () => most }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 100 })
function get(url: string, method = 'GET'): Promise<{ status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body, retryAfter: response.headers['retry-after'] as string | undefined }))
    })
    request.on('error', reject)
    request.end()
  })
}

describe('the admission line', () => {
  it('renders one page at a time, in the order asked, whatever the crowd', async () => {
    const { url, order, arrived, most, line } = await appWith({ limit: 1, maxQueue: 100, siteName: 'Amicale', holdMs: 10_000 })
    const names = Array.from({ length: 30 }, (_, i) => `p${i}`)
    const answers: Promise<unknown>[] = []
    for (const name of names) {
      answers.push(get(`${url}/page/${name}?ms=3`))
      // Sent one after another, a millisecond apart, so that their order of arrival is known.
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    const all = (await Promise.all(answers)) as { status: number }[]
    expect(all.every((a) => a.status === 200)).toBe(true)
    expect(most()).toBe(1)
    // Rendered in the order they reached the server (connections may overtake each other on the way).
    expect(order).toEqual(arrived)
    expect([...order].sort()).toEqual([...names].sort())
    expect(line.stats()).toEqual({ running: 0, waiting: 0 })
  })

  it('lets the next page in when one waits for another service, and lets forms pass', async () => {
    const { url, order } = await appWith({ limit: 1, maxQueue: 100, siteName: 'Amicale', holdMs: 30 })
    const slow = get(`${url}/page/slow?wait=400`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const started = Date.now()
    expect((await get(`${url}/page/quick?ms=1`)).status).toBe(200)
    // Let in after the hold (30 ms), not after the slow page's 400 ms.
    expect(Date.now() - started).toBeLessThan(300)
    expect((await get(`${url}/page/form?ms=1`, 'POST')).status).toBe(200)
    await slow
    expect(order).toEqual(['quick', 'form', 'slow'])
  })

  it('answers 503 with Retry-After when the line is full, and forgets a client that left', async () => {
    const { url, line } = await appWith({ limit: 1, maxQueue: 2, siteName: 'Amicale', holdMs: 10_000 })
    const first = get(`${url}/page/a?wait=300`)
    await new Promise((resolve) => setTimeout(resolve, 10))
    // One that gives up while waiting: its place is dropped.
    const leaving = http.get(`${url}/page/gone?ms=1`)
    leaving.on('error', () => {})
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(line.stats().waiting).toBe(1)
    leaving.destroy()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(line.stats().waiting).toBe(0)
    const queued = [get(`${url}/page/b?ms=1`), get(`${url}/page/c?ms=1`)]
    await new Promise((resolve) => setTimeout(resolve, 10))
    const refused = await get(`${url}/page/d?ms=1`)
    expect(refused.status).toBe(503)
    expect(refused.retryAfter).toBe('2')
    expect(refused.body).toContain('réessayez dans un instant')
    expect((await Promise.all([first, ...queued])).map((a) => a.status)).toEqual([200, 200, 200])
    expect(line.stats()).toEqual({ running: 0, waiting: 0 })
  })
})
