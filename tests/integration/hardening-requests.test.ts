import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEvent } from '../event-factories'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { rawRequest } from '../support/raw-http'
import { startTestServer, type TestServer } from '../support/server'

// Hostile requests, as an attacker sends them: each gets a 4xx (never a 500, never silence) and
// the process goes on serving. The acceptance run tries variants of each class, so each class is
// a table here, run against several pages.
let app: TestServer
let memberCookie: string
let eventId: number
beforeAll(async () => {
  app = await startTestServer()
  const member = await createAccount(app.ctx, { membership: 'alumni', role: 'webmaster' })
  const browser = new HttpClient(app.url)
  await browser.login(member.email, TEST_PASSWORD)
  memberCookie = `amicale_session=${browser.cookies.get('amicale_session')}`
  eventId = createTestEvent(app.ctx, member.id)
})
afterAll(async () => {
  await app?.close()
})

async function alive() {
  const health = await fetch(`${app.url}/healthz`)
  expect(health.status).toBe(200)
}

const host = () => `Host: localhost:${app.port}`
const origin = () => `Origin: http://localhost:${app.port}`

function expectClientError(status: number, what: string) {
  expect(status, what).toBeGreaterThanOrEqual(400)
  expect(status, what).toBeLessThan(500)
}

describe('cookies', () => {
  const cookies = [
    'foo=%',
    'amicale_session=%',
    'amicale_session=%E0%A4%A',
    'amicale_lang=%',
    'amicale_session=%; amicale_lang=%ZZ; amicale_toast=%',
    '%=%',
    '=; ;;=',
    'amicale_session=' + 'a'.repeat(4000),
    'amicale_toast=%E0; amicale_session=x',
  ]
  it.each(cookies)('%s: the page is served, as to a visitor', async (cookie) => {
    for (const path of ['/', '/connexion', '/evenements', '/annuaire', `/evenements/${eventId}`]) {
      const response = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\n${host()}\r\nCookie: ${cookie}`)
      expect(response.status, `${path} with ${cookie}`).toBeLessThan(500)
    }
    await alive()
  })

  it('a malformed cookie next to a valid session keeps the session', async () => {
    const response = await rawRequest(app.port, `GET /mon-compte HTTP/1.1\r\n${host()}\r\nCookie: foo=%; ${memberCookie}`)
    expect(response.status).toBe(200)
  })
})

describe('paths', () => {
  const paths = [
    `/evenements/%E0%A4%A`,
    '/%',
    '/%%',
    '/membres/%ZZ',
    '/groupes/%C0%AF',
    '/discussions/%E0%A4%A/x',
    '/evenements/%FF',
    '/carriere/offres/%E0',
    '/build/%E0',
    '/evenements/99999999999999999999999999',
    '/evenements/-1',
    '/evenements/1e3',
    '/evenements/0x10',
    '/membres/..%2F..%2Fetc%2Fpasswd',
    '/justificatifs/..%2Fsession-secret',
    '/recus/%00',
    `/evenements/${eventId}/calendrier.ics%00`,
  ]
  it.each(paths)('GET %s is a 4xx page', async (path) => {
    const response = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`)
    expectClientError(response.status, path)
    if (response.headers['content-type']?.startsWith('text/html')) expect(response.body).toMatch(/introuvable|invalide|refusée/i)
    await alive()
  })

  it('a malformed query string is read leniently, as browsers do, and served', async () => {
    for (const path of ['/api/annuaire?q=%E0%A4%A', '/annuaire?q=%&promotion=%ZZ', '/evenements?ville=%E0']) {
      const response = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`)
      expect(response.status, path).toBe(200)
    }
  })

  it('a `?_data=` request (Remix before single fetch) is a 400, never a 500', async () => {
    for (const path of ['/connexion?_data=routes%2Fconnexion', '/annuaire?_data=routes%2Fannuaire', '/?_data=root', '/evenements?_data=']) {
      const response = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`)
      expect(response.status, path).toBe(400)
      expect(response.body).toContain('lang="fr"')
    }
    // The single-fetch form of the same request is served.
    expect((await rawRequest(app.port, `GET /connexion.data HTTP/1.1\r\n${host()}`)).status).toBe(200)
  })

  it('a malformed path answers 404 with the site’s French error page', async () => {
    const response = await rawRequest(app.port, `GET /evenements/%E0%A4%A HTTP/1.1\r\n${host()}`)
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toMatch(/text\/html/)
    expect(response.body).toContain('Page introuvable')
    expect(response.body).toContain('lang="fr"')
  })
})

describe('bodies', () => {
  const json = JSON.stringify({ email: 'a@b.fr', password: 'x' })
  const bodies: { name: string; headers: string; body: string | Buffer }[] = [
    { name: 'multipart without a boundary', headers: 'Content-Type: multipart/form-data', body: 'email=a' },
    { name: 'multipart with an empty boundary', headers: 'Content-Type: multipart/form-data; boundary=', body: '--\r\n' },
    { name: 'multipart with a boundary and no parts', headers: 'Content-Type: multipart/form-data; boundary=abc', body: 'not multipart at all' },
    {
      name: 'multipart cut short',
      headers: 'Content-Type: multipart/form-data; boundary=abc',
      body: '--abc\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.fr\r\n--abc\r\nContent-Disposition: form-data; name="pass',
    },
    {
      name: 'multipart with a part without a name',
      headers: 'Content-Type: multipart/form-data; boundary=abc',
      body: '--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--\r\n',
    },
    { name: 'multipart with a boundary too long', headers: `Content-Type: multipart/form-data; boundary=${'a'.repeat(200)}`, body: 'x' },
    { name: 'JSON', headers: 'Content-Type: application/json', body: json },
    { name: 'text', headers: 'Content-Type: text/plain', body: 'email=a@b.fr' },
    { name: 'XML', headers: 'Content-Type: application/xml', body: '<a/>' },
    { name: 'no content type', headers: '', body: 'email=a@b.fr&password=x' },
    { name: 'a content type that is not one', headers: 'Content-Type: ;;;', body: 'x' },
  ]
  // Readable forms with garbage in them: each page answers as it does to any wrong value.
  const garbage = [
    'email=%E0%A4%A&password=%&intent=%ZZ',
    'email=a%00b&password=%00&intent=%00',
    'intent=delete&intent=create&userId[]=1&groupId=1e999&eventId=-0',
    '%=%&=&&&',
    `intent=${'x'.repeat(100_000)}`,
  ]
  const actions = () => [
    { path: '/connexion', cookie: '' },
    { path: '/inscription', cookie: '' },
    { path: '/mot-de-passe-oublie', cookie: '' },
    { path: '/cotiser', cookie: '' },
    { path: '/langue', cookie: '' },
    { path: '/mon-compte', cookie: memberCookie },
    { path: '/mon-compte/profil', cookie: memberCookie },
    { path: '/mon-compte/justificatif', cookie: memberCookie },
    { path: `/evenements/${eventId}`, cookie: memberCookie },
    { path: `/evenements/${eventId}/gestion`, cookie: memberCookie },
    { path: '/evenements/nouveau', cookie: memberCookie },
    { path: '/groupes', cookie: memberCookie },
    { path: '/discussions', cookie: memberCookie },
    { path: '/carriere/deposer', cookie: memberCookie },
    { path: '/admin/comptes', cookie: memberCookie },
  ]
  it.each(bodies)('$name: a 4xx from every form action', async ({ headers, body }) => {
    for (const { path, cookie } of actions()) {
      const head = [`POST ${path} HTTP/1.1`, host(), origin(), headers, cookie && `Cookie: ${cookie}`, `Content-Length: ${Buffer.byteLength(body)}`]
        .filter(Boolean)
        .join('\r\n')
      const response = await rawRequest(app.port, head, body)
      expectClientError(response.status, `${path}: ${headers || 'no type'}`)
    }
    await alive()
  })

  it.each(garbage.map((body) => ({ body, shown: body.length > 60 ? `${body.slice(0, 40)}… (${body.length} bytes)` : body })))(
    'a form holding $shown: an answer from every action, never a 5xx',
    async ({ body }) => {
      for (const { path, cookie } of actions()) {
        const head = [
          `POST ${path} HTTP/1.1`,
          host(),
          origin(),
          'Content-Type: application/x-www-form-urlencoded',
          cookie && `Cookie: ${cookie}`,
          `Content-Length: ${Buffer.byteLength(body)}`,
        ]
          .filter(Boolean)
          .join('\r\n')
        const response = await rawRequest(app.port, head, body)
        expect(response.status, path).toBeGreaterThanOrEqual(200)
        expect(response.status, path).toBeLessThan(500)
      }
      await alive()
    },
  )

  it('a JSON body to a form action is a 400 with the French error page', async () => {
    const response = await rawRequest(
      app.port,
      [`POST /connexion HTTP/1.1`, host(), origin(), 'Content-Type: application/json', `Content-Length: ${json.length}`].join('\r\n'),
      json,
    )
    expect(response.status).toBe(400)
    expect(response.body).toContain('Requête invalide')
  })

  it('a malformed multipart body to a form action is a 400 with the French error page', async () => {
    const body = '--abc\r\nContent-Disposition: form-data; name="email"\r\n\r\nx'
    const response = await rawRequest(
      app.port,
      [`POST /connexion HTTP/1.1`, host(), origin(), 'Content-Type: multipart/form-data; boundary=abc', `Content-Length: ${body.length}`].join('\r\n'),
      body,
    )
    expect(response.status).toBe(400)
    expect(response.body).toContain('Requête invalide')
  })
})

describe('body size', () => {
  const limit = 1024 * 1024
  it('refuses a body declared over MAX_FORM_BYTES with 413 before reading it', async () => {
    // Declares 50 MB and sends none of it: the answer comes anyway, so nothing was waited for.
    const response = await rawRequest(
      app.port,
      [`POST /connexion HTTP/1.1`, host(), origin(), 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${50 * 1024 * 1024}`].join('\r\n'),
    )
    expect(response.status).toBe(413)
    expect(response.body).toContain('Envoi trop volumineux')
    await alive()
  })

  it('refuses a chunked body as soon as it grows past the limit, without reading the rest', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const chunked = Buffer.concat(
      Array.from({ length: 20 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])),
    )
    const response = await rawRequest(
      app.port,
      [`POST /connexion HTTP/1.1`, host(), origin(), 'Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked'].join('\r\n'),
      chunked,
    )
    expect(response.status).toBe(413)
    await alive()
  })

  it('takes a body just under the limit', async () => {
    const body = `email=${'a'.repeat(limit - 100)}&password=x`
    const response = await new HttpClient(app.url).request('/connexion', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Saisissez une adresse e-mail valide')
  })

  it('a JSON or text body over the limit is refused too, and the webhook keeps its raw body', async () => {
    for (const type of ['application/json', 'text/plain']) {
      const response = await rawRequest(
        app.port,
        [`POST /webhooks/stripe HTTP/1.1`, host(), `Content-Type: ${type}`, `Content-Length: ${limit + 1}`].join('\r\n'),
      )
      expect(response.status).toBe(413)
    }
    const webhook = await fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expectClientError(webhook.status, 'unsigned webhook')
  })

  it('multipart keeps its own limits: a large upload is read, past its per-file limit it is a field error', async () => {
    const browser = new HttpClient(app.url)
    browser.cookies.set('amicale_session', memberCookie.split('=')[1]!)
    const response = await browser.postMultipart(
      '/mon-compte/justificatif',
      {},
      { proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: new Uint8Array(6 * 1024 * 1024) } },
    )
    expect(response.status).toBeLessThan(500)
    expect(response.status).not.toBe(413)
  })
})

describe('headers', () => {
  const heads = [
    'GET / HTTP/1.1\r\nHost: a b',
    'GET / HTTP/1.1\r\nHost: [::1',
    'GET / HTTP/1.1\r\nHost: ' + 'a'.repeat(300),
    'GET / HTTP/1.1\r\nHost: localhost:99999999',
    'GET / HTTP/1.1\r\nHost: \u00e9v\u00eel.example',
    `GET / HTTP/1.1\r\n${'Host: localhost'}\r\nX-Forwarded-Host: a b\r\nX-Forwarded-Proto: gopher`,
    `GET / HTTP/1.1\r\n${'Host: localhost'}\r\nAccept-Language: \u00ff\u00fe`,
    `GET / HTTP/1.1\r\n${'Host: localhost'}\r\nUser-Agent: \u00e9t\u00e9`,
    `GET /connexion?redirectTo=%E0 HTTP/1.1\r\nHost: localhost\r\nReferer: ::::`,
    'GET / HTTP/1.0',
  ]
  it.each(heads)('%j: an answer, never a 5xx', async (head) => {
    const response = await rawRequest(app.port, head)
    expect(response.status).toBeGreaterThanOrEqual(200)
    expect(response.status).toBeLessThan(500)
    await alive()
  })

  it('an unparseable request line or header gets the 400 of Node, and the process lives', async () => {
    for (const head of ['GARBAGE', 'GET / HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x', 'GET /\u0000 HTTP/1.1\r\nHost: localhost']) {
      const response = await rawRequest(app.port, head).catch(() => ({ status: 400 }))
      expect(response.status).toBe(400)
    }
    await alive()
  })
})

describe('methods', () => {
  it.each(['TRACE', 'TRACK', 'OPTIONS', 'PROPFIND', 'PUT', 'DELETE', 'PATCH', 'FOO', 'CONNECT'])('%s is a 4xx, with or without a body', async (method) => {
    for (const path of ['/', '/connexion', `/evenements/${eventId}`]) {
      const bare = await rawRequest(app.port, `${method} ${path} HTTP/1.1\r\n${host()}\r\n${origin()}`).catch(() => ({ status: 400 }))
      expectClientError(bare.status, `${method} ${path}`)
      const withBody = await rawRequest(
        app.port,
        `${method} ${path} HTTP/1.1\r\n${host()}\r\n${origin()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3`,
        'a=b',
      ).catch(() => ({ status: 400 }))
      expectClientError(withBody.status, `${method} ${path} with a body`)
    }
    await alive()
  })
})

describe('redirect targets', () => {
  const evil = [
    '/\t/evil.example',
    '/%09/evil.example',
    '/x/../%5Cevil.example',
    '/x/../\\evil.example',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    'https://evil.example',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    'http:evil.example',
    '/\u3002evil.example',
    '\u0000//evil.example',
    ' //evil.example',
  ]
  it.each(evil)('log-in with redirectTo=%j stays on the site', async (target) => {
    const account = await createAccount(app.ctx)
    const response = await new HttpClient(app.url).post('/connexion', { email: account.email, password: TEST_PASSWORD, redirectTo: target })
    expect(response.status).toBe(302)
    const location = response.headers.get('location')!
    expect(new URL(location, app.url).origin).toBe(new URL(app.url).origin)
    expect(location.startsWith('//')).toBe(false)
  })

  it('a logged-in visit to /connexion?redirectTo= with CR, LF or non-Latin-1 characters redirects locally', async () => {
    for (const target of ['/mon-compte\r\nSet-Cookie: x=1', '/annuaire?q=\u00e9l\u00e8ve', '/\u4e2d\u6587', '/%0d%0aSet-Cookie:%20x=1']) {
      const response = await rawRequest(app.port, `GET /connexion?redirectTo=${encodeURIComponent(target)} HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`)
      expect(response.status, target).toBe(302)
      expect(new URL(response.headers.location!, app.url).origin).toBe(new URL(app.url).origin)
      expect(response.headers['set-cookie'] ?? '').not.toContain('x=1')
    }
  })

  it('for any string, the Location of a logged-in visit has the site’s origin (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom('/', '//', '\\', '/\t', '/.', '..').chain((p) => fc.string().map((s) => p + s)),
        ),
        async (target) => {
          const response = await rawRequest(
            app.port,
            `GET /connexion?redirectTo=${encodeURIComponent(target)} HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`,
          )
          expect(response.status).toBe(302)
          const location = response.headers.location!
          expect(new URL(location, app.url).origin).toBe(new URL(app.url).origin)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('origins (TRUST_PROXY=false, no APP_URL)', () => {
  it('serves a same-origin POST that carries a stray X-Forwarded-Host (Remix would have thrown a 500)', async () => {
    const body = 'email=a%40b.fr&password=mauvais-12'
    const head = [
      `POST /connexion HTTP/1.1`,
      host(),
      'X-Forwarded-Host: ailleurs.example',
      `Origin: http://localhost:${app.port}`,
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${body.length}`,
    ].join('\r\n')
    const response = await rawRequest(app.port, head, body)
    expect(response.status).toBe(400)
    expect(response.body).toContain('lang="fr"')
  })

  it('refuses a POST whose Origin matches only X-Forwarded-Host', async () => {
    const head = [
      `POST /connexion HTTP/1.1`,
      host(),
      'X-Forwarded-Host: evil.example',
      'Origin: http://evil.example',
      'Content-Type: application/x-www-form-urlencoded',
      'Content-Length: 3',
    ].join('\r\n')
    expect((await rawRequest(app.port, head, 'a=b')).status).toBe(403)
  })
  it('refuses an https Origin for a site reached over http', async () => {
    const head = [
      `POST /connexion HTTP/1.1`,
      host(),
      `Origin: https://localhost:${app.port}`,
      'X-Forwarded-Proto: https',
      'Content-Type: application/x-www-form-urlencoded',
      'Content-Length: 3',
    ].join('\r\n')
    expect((await rawRequest(app.port, head, 'a=b')).status).toBe(403)
  })
  it('does not put a host typed by the client in a mailed link', async () => {
    const account = await createAccount(app.ctx)
    const head = [
      `POST /mot-de-passe-oublie HTTP/1.1`,
      'Host: evil.example',
      'Origin: http://evil.example',
      'Content-Type: application/x-www-form-urlencoded',
    ].join('\r\n')
    const body = `email=${encodeURIComponent(account.email)}`
    const response = await rawRequest(app.port, `${head}\r\nContent-Length: ${body.length}`, body)
    expect(response.status).toBeLessThan(500)
    await expect.poll(() => app.ctx.database.sqlite.prepare('select count(*) as n from outbox where "to" = ?').get(account.email)).toEqual({ n: 1 })
    const mail = app.ctx.database.sqlite.prepare('select * from outbox where "to" = ?').get(account.email) as Record<string, string>
    expect(JSON.stringify(mail)).not.toContain('evil.example')
    expect(JSON.stringify(mail)).toMatch(/http:\/\/localhost\/reinitialiser-mot-de-passe/)
  })
})

describe('the process', () => {
  it('logs an unexpected error with the request id, answers the error page with that id, and keeps serving', async () => {
    // A route that throws something no one foresaw: a database closed under it is such a thing.
    const lines: Record<string, unknown>[] = []
    const original = app.ctx.logger.error.bind(app.ctx.logger)
    app.ctx.logger.error = ((obj: Record<string, unknown>, msg?: string) => {
      lines.push({ ...obj, msg })
      return original(obj as never, msg as never)
    }) as never
    // Every statement fails, the ones drizzle keeps prepared too (db/client.ts).
    const statement = Object.getPrototypeOf(app.ctx.database.sqlite.prepare('select 1')) as Record<'get' | 'all' | 'run', unknown>
    const kept = { get: statement.get, all: statement.all, run: statement.run }
    statement.get =
      statement.all =
      statement.run =
        () => {
          throw new Error('disk on fire')
        }
    try {
      const response = await rawRequest(app.port, `GET /mon-compte HTTP/1.1\r\n${host()}\r\nCookie: ${memberCookie}`)
      expect(response.status).toBe(500)
      const id = response.headers['x-request-id']!
      expect(id).toMatch(/^[\w-]{6,}$/)
      expect(response.body).toContain(id)
      expect(lines.some((l) => l.reqId === id)).toBe(true)
    } finally {
      Object.assign(statement, kept)
      app.ctx.logger.error = original as never
    }
    await alive()
  })
})
