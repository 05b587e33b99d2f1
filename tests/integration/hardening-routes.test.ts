import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../server/app'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { dataUrl } from '../support/single-fetch'

// Every route of the build — so a route added tomorrow is in this test too — for every role of
// the demo association, its parameters and query strings filled with what an attacker would put
// there, by GET and by POST, as a document and as the `.data` request Remix's client sends since
// single fetch: an answer every time, never a 5xx.
let app: TestServer
let paths: string[]
const roles: Record<string, HttpClient> = {}
beforeAll(async () => {
  app = await startTestServer({ SEED_DEMO: 'true' })
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  const full = (id: string): string => {
    const route = build.routes[id]
    if (!route) return ''
    const parent = route.parentId ? full(route.parentId) : ''
    return route.path ? `${parent.replace(/\/$/, '')}/${route.path}` : parent
  }
  paths = [...new Set(Object.keys(build.routes).map((id) => full(id) || '/'))]
  for (const [role, email] of Object.entries({
    webmaster: 'admin@amicale.example',
    alumni: 'alumni@amicale.example',
    student: 'etudiant@amicale.example',
    registered: 'inscrit@amicale.example',
  })) {
    roles[role] = new HttpClient(app.url)
    await roles[role].login(email, DEMO_PASSWORD)
  }
  roles.visitor = new HttpClient(app.url)
}, 120_000)
afterAll(async () => {
  await app?.close()
})

// A real id first (the demo's first event, group, thread…), then the malformed.
const values = ['1', '0', '-1', '99999999999999999999', 'abc', '%00', '%E0%A4', '1e3', '%27%22%3E%3Cscript%3E']
const query = (v: string) =>
  [
    'q',
    'page',
    'sort',
    'tab',
    'ville',
    'rayon',
    'bbox',
    'token',
    'depuis',
    'porte',
    'contrat',
    'status',
    'promotion',
    'diplome',
    'avant',
    'session_id',
    'redirectTo',
  ]
    .map((k) => `${k}=${v}`)
    .join('&')
const form = (v: string) => {
  const decoded = (() => {
    try {
      return decodeURIComponent(v)
    } catch {
      return v
    }
  })()
  return Object.fromEntries(
    ['intent', 'id', 'eventId', 'userId', 'groupId', 'messageId', 'threadId', 'offerId', 'proofId', 'body', 'code', 'page', 'reason', 'email'].map((k) => [
      k,
      decoded,
    ]),
  )
}

describe('every route, every role, hostile parameters', () => {
  it.each(['visitor', 'registered', 'student', 'alumni', 'webmaster'])(
    'as %s: no 5xx',
    async (role) => {
      const failures: string[] = []
      for (const pattern of paths) {
        for (const value of pattern.includes(':') || pattern.includes('*') ? values : values.slice(0, 3)) {
          const page = `${pattern.replace(/:[A-Za-z]+/g, value).replace('*', value)}?${query(value)}`
          for (const url of [page, dataUrl(page)]) {
            const got = await roles[role]!.get(url)
            if (got.status >= 500) failures.push(`GET ${url} → ${got.status}`)
            // Log-out would end the role's session for the rest of the run.
            if (pattern === '/deconnexion') continue
            const posted = await roles[role]!.post(url, form(value))
            if (posted.status >= 500) failures.push(`POST ${url} → ${posted.status}`)
          }
        }
      }
      expect(failures).toEqual([])
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
    },
    120_000,
  )
})
