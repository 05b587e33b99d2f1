/* eslint-disable @typescript-eslint/no-explicit-any -- it reads Meilisearch's JSON as clients send it, and checks it by hand */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEmbeddedEngine, type MemberDocument, type SearchEngine, type SearchQuery } from '../../search'

/**
 * A local stand-in for the part of the Meilisearch HTTP API the adapter uses: indexes, settings,
 * documents, tasks, swap, multi-search, health. It CHECKS what the client sends — Bearer key,
 * known settings, filter grammar and filterable attributes, sortable attributes, pagination — and
 * records every request for the tests to assert exact shapes.
 *
 * Be clear about what it proves: that the adapter speaks the API correctly and turns responses
 * (byte-based `_matchesPosition`, `facetDistribution`, `totalHits`…) into our results. Matching
 * and ranking are delegated to the embedded engine, so it says nothing about Meilisearch's own
 * ranking; run the contract suite with MEILI_HOST set for that.
 *
 * Writes are tasks processed after `taskDelayMs`, one at a time, like Meilisearch's queue: an
 * adapter that did not wait for its tasks would not see its own writes.
 */
export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  body: any
  authorization: string | undefined
  contentType: string | undefined
  client: string | undefined
}
interface Index {
  primaryKey: string | undefined
  settings: Record<string, any>
  docs: Map<string, Record<string, any>>
  engine: SearchEngine
}

const SETTING_KEYS = new Set([
  'searchableAttributes',
  'filterableAttributes',
  'sortableAttributes',
  'displayedAttributes',
  'rankingRules',
  'typoTolerance',
  'faceting',
  'pagination',
])
const SEARCH_KEYS = new Set([
  'indexUid',
  'q',
  'filter',
  'sort',
  'page',
  'hitsPerPage',
  'facets',
  'showMatchesPosition',
  'matchingStrategy',
  'attributesToRetrieve',
])

const STRATEGIES = ['last', 'all', 'frequency']
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export async function startMeiliStandIn(options: { apiKey: string; taskDelayMs?: number }) {
  const requests: RecordedRequest[] = []
  const indexes = new Map<string, Index>()
  const tasks = new Map<number, Record<string, any>>()
  let queue = Promise.resolve()

  function enqueue(type: string, indexUid: string | null, apply: () => void) {
    const task: Record<string, any> = { uid: tasks.size, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString(), error: null }
    tasks.set(task.uid, task)
    queue = queue.then(async () => {
      await new Promise((r) => setTimeout(r, options.taskDelayMs ?? 15))
      try {
        apply()
        Object.assign(task, { status: 'succeeded', finishedAt: new Date().toISOString() })
      } catch (error) {
        const { code, message } = error as ApiError
        Object.assign(task, { status: 'failed', error: { code, message, type: 'invalid_request', link: '' }, finishedAt: new Date().toISOString() })
      }
    })
    return { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt }
  }

  const index = (uid: string) => indexes.get(uid) ?? fail404('index_not_found', `Index \`${uid}\` not found.`)
  const ensure = (uid: string) => {
    if (!indexes.has(uid)) indexes.set(uid, { primaryKey: undefined, settings: {}, docs: new Map(), engine: createEmbeddedEngine() })
    return indexes.get(uid)!
  }

  async function search(uid: string, params: Record<string, any>) {
    const idx = index(uid)
    for (const key of Object.keys(params)) if (!SEARCH_KEYS.has(key)) throw new ApiError(400, 'bad_request', `Unknown field \`${key}\``)
    if (params.matchingStrategy !== undefined && !STRATEGIES.includes(params.matchingStrategy))
      throw new ApiError(400, 'invalid_search_matching_strategy', 'Bad matchingStrategy')
    const filterable: string[] = idx.settings.filterableAttributes ?? []
    const sortable: string[] = idx.settings.sortableAttributes ?? []
    const maxTotalHits: number = idx.settings.pagination?.maxTotalHits ?? 1000
    const query: SearchQuery = { q: params.q ?? '', facets: Array.isArray(params.facets) }
    if (params.filter !== undefined) Object.assign(query, parseMeiliFilter(params.filter, filterable))
    for (const facet of params.facets ?? []) {
      if (!filterable.includes(facet)) throw new ApiError(400, 'invalid_search_facets', `Attribute \`${facet}\` is not filterable.`)
    }
    const sort: string[] = params.sort ?? []
    for (const s of sort) {
      const [attribute, direction] = s.split(':')
      if (!sortable.includes(attribute) || !['asc', 'desc'].includes(direction)) throw new ApiError(400, 'invalid_search_sort', `Cannot sort on \`${s}\`.`)
    }
    // The only sorts the adapter should ever send; anything else is a bug worth a loud failure.
    const sorts: Record<string, SearchQuery['sort']> = { '': 'relevance', 'sortName:asc': 'name', 'promotion:desc,sortName:asc': 'promotion' }
    query.sort = sorts[sort.join(',')]
    if (!query.sort) throw new ApiError(400, 'invalid_search_sort', `Unexpected sort ${JSON.stringify(sort)}`)
    const page: number = params.page ?? 1
    const hitsPerPage: number = params.hitsPerPage ?? 20
    if (!(Number.isInteger(page) && page >= 1 && Number.isInteger(hitsPerPage) && hitsPerPage >= 0)) throw new ApiError(400, 'invalid_search_page', 'Bad page')
    if (page * hitsPerPage > maxTotalHits) throw new ApiError(400, 'bad_request', `Stand-in: page beyond maxTotalHits (${maxTotalHits})`)

    const pointsOnly = JSON.stringify(params.attributesToRetrieve) === JSON.stringify(['id', '_geo'])
    if (!pointsOnly && hitsPerPage > 100) throw new ApiError(400, 'bad_request', 'Stand-in: a result page above 100 hits is unexpected')
    const result = await idx.engine.search({ ...query, page, perPage: pointsOnly ? 1 : hitsPerPage, includePoints: pointsOnly })
    const displayed: string[] = idx.settings.displayedAttributes ?? ['*']
    const shown = (doc: Record<string, any>) =>
      displayed.includes('*') ? { ...doc } : Object.fromEntries(Object.entries(doc).filter(([k]) => displayed.includes(k)))
    const hits = pointsOnly
      ? result.points!.map((p) => ({ id: p.id, _geo: { lat: p.lat, lng: p.lng } }))
      : result.hits.map((hit) => {
          const doc = shown(idx.docs.get(hit.id)!)
          if (!params.showMatchesPosition) return doc
          // Meilisearch counts positions in UTF-8 bytes.
          const positions = Object.fromEntries(
            Object.entries(hit.highlights).map(([field, ranges]) => {
              const text: string = doc[field]
              return [field, ranges!.map(([s, l]) => ({ start: Buffer.byteLength(text.slice(0, s)), length: Buffer.byteLength(text.slice(s, s + l)) }))]
            }),
          )
          return { ...doc, _matchesPosition: positions }
        })
    const response: Record<string, any> = {
      indexUid: uid,
      hits,
      query: query.q,
      processingTimeMs: 0,
      page,
      hitsPerPage,
      totalHits: result.total,
      totalPages: Math.ceil(result.total / Math.max(1, hitsPerPage)),
    }
    if (params.facets) response.facetDistribution = Object.fromEntries(params.facets.map((f: string) => [f, (result.facets as any)[f] ?? {}]))
    return response
  }

  function toMember(doc: Record<string, any>): MemberDocument {
    const text = (k: string) => (typeof doc[k] === 'string' ? doc[k] : null)
    return {
      id: doc.id,
      firstName: doc.firstName ?? '',
      lastName: doc.lastName ?? '',
      promotion: doc.promotion ?? null,
      diploma: text('diploma'),
      company: text('company'),
      jobTitle: text('jobTitle'),
      city: text('city'),
      country: text('country'),
      _geo: doc._geo ?? null,
    }
  }

  function checkDocuments(docs: unknown) {
    if (!Array.isArray(docs)) throw new ApiError(400, 'malformed_payload', 'Expected an array of documents')
    for (const doc of docs) {
      if (typeof doc.id !== 'string' || !/^[\w-]+$/.test(doc.id)) throw new ApiError(400, 'invalid_document_id', `Bad document id ${JSON.stringify(doc.id)}`)
      if ('_geo' in doc && !(typeof doc._geo?.lat === 'number' && typeof doc._geo?.lng === 'number'))
        throw new ApiError(400, 'invalid_document_geo_field', `Bad _geo in ${doc.id}`)
      if (typeof doc.sortName !== 'string') throw new ApiError(400, 'bad_request', `Stand-in: ${doc.id} has no sortName`)
    }
    return docs as Record<string, any>[]
  }

  async function route(method: string, path: string, body: any): Promise<[number, unknown]> {
    let m: RegExpExecArray | null
    if (method === 'POST' && path === '/indexes') {
      return [
        202,
        enqueue('indexCreation', body.uid, () => {
          if (indexes.has(body.uid)) throw new ApiError(409, 'index_already_exists', `Index \`${body.uid}\` already exists.`)
          ensure(body.uid).primaryKey = body.primaryKey
        }),
      ]
    }
    if (method === 'DELETE' && (m = /^\/indexes\/([\w-]+)$/.exec(path)))
      return [202, enqueue('indexDeletion', m[1], () => void (index(m![1]) && indexes.delete(m![1])))]
    if (method === 'PATCH' && (m = /^\/indexes\/([\w-]+)\/settings$/.exec(path))) {
      for (const key of Object.keys(body)) if (!SETTING_KEYS.has(key)) throw new ApiError(400, 'bad_request', `Unknown setting \`${key}\``)
      const uid = m[1]
      return [202, enqueue('settingsUpdate', uid, () => Object.assign(ensure(uid).settings, body))]
    }
    if (method === 'POST' && (m = /^\/indexes\/([\w-]+)\/documents$/.exec(path))) {
      const uid = m[1]
      const docs = checkDocuments(body)
      return [
        202,
        enqueue('documentAdditionOrUpdate', uid, () => {
          const idx = ensure(uid)
          for (const doc of docs) idx.docs.set(doc.id, doc)
          void idx.engine.upsert(docs.map(toMember))
        }),
      ]
    }
    if (method === 'POST' && (m = /^\/indexes\/([\w-]+)\/documents\/delete-batch$/.exec(path))) {
      const uid = m[1]
      return [
        202,
        enqueue('documentDeletion', uid, () => {
          const idx = index(uid)
          for (const id of body) idx.docs.delete(String(id))
          void idx.engine.remove(body.map(String))
        }),
      ]
    }
    if (method === 'POST' && path === '/swap-indexes') {
      return [
        202,
        enqueue('indexSwap', null, () => {
          for (const {
            indexes: [a, b],
          } of body) {
            const [first, second] = [index(a), index(b)]
            indexes.set(a, second)
            indexes.set(b, first)
          }
        }),
      ]
    }
    if (method === 'GET' && (m = /^\/tasks\/(\d+)$/.exec(path))) {
      return [200, tasks.get(Number(m[1])) ?? fail404('task_not_found', 'Task not found.')]
    }
    if (method === 'POST' && path === '/multi-search') {
      const results = []
      for (const { indexUid, ...params } of body.queries) results.push(await search(indexUid, params))
      return [200, { results }]
    }
    throw new ApiError(404, 'not_found', `Stand-in: no route for ${method} ${path}`)
  }

  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://standin')
      const { authorization, 'content-type': contentType, 'x-meilisearch-client': client } = req.headers as Record<string, string | undefined>
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        authorization,
        contentType,
        client,
        body: raw ? JSON.parse(raw) : undefined,
      }
      requests.push(record)
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (record.path === '/health' && record.method === 'GET') return send(200, { status: 'available' })
      if (!record.authorization)
        return send(401, { code: 'missing_authorization_header', message: 'The Authorization header is missing.', type: 'auth', link: '' })
      if (record.authorization !== `Bearer ${options.apiKey}`)
        return send(403, { code: 'invalid_api_key', message: 'The provided API key is invalid.', type: 'auth', link: '' })
      if (raw && record.contentType !== 'application/json')
        return send(415, { code: 'invalid_content_type', message: 'Expected application/json', type: 'invalid_request', link: '' })
      try {
        send(...(await route(record.method, record.path, record.body)))
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError(500, 'internal', String(error))
        send(e.status, { code: e.code, message: e.message, type: 'invalid_request', link: '' })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The search bodies sent through multi-search, in order. */
    searches: () => requests.filter((r) => r.path === '/multi-search').flatMap((r) => r.body.queries as Record<string, any>[]),
    settings: (uid: string) => indexes.get(uid)?.settings,
    documents: (uid: string) => [...(indexes.get(uid)?.docs.values() ?? [])],
    indexUids: () => [...indexes.keys()],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function fail404(code: string, message: string): never {
  throw new ApiError(404, code, message)
}
function fail(message: string): never {
  throw new ApiError(400, 'invalid_search_filter', message)
}
const TOKEN = /\s*(?:(-?\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*")|([A-Za-z_]\w*)|(>=|<=|!=|=|>|<|\[|\]|\(|\)|,))/y

/**
 * Parses the filter grammar the adapter is expected to emit — clauses joined by AND: `a = v`,
 * `a IN [v, …]`, `promotion >= n`, `promotion <= n`, `_geoRadius(lat, lng, m)`,
 * `_geoBoundingBox([n, e], [s, w])` — and turns it into the embedded engine's query. Anything
 * else (OR, NOT, a repeated attribute, an unfilterable one) is rejected as Meilisearch would a
 * bad filter, so a malformed string fails the test instead of silently matching.
 */
function parseMeiliFilter(filter: unknown, filterable: string[]): Pick<SearchQuery, 'filters' | 'geo'> {
  if (typeof filter !== 'string') fail('Stand-in: filters are expected as one string')
  const tokens: { kind: 'num' | 'str' | 'word' | 'punct'; text: string }[] = []
  const text = filter.trimEnd()
  for (TOKEN.lastIndex = 0; TOKEN.lastIndex < text.length;) {
    const m = TOKEN.exec(text) ?? fail(`Unreadable filter: ${filter}`)
    tokens.push({ kind: m[1] ? 'num' : m[2] ? 'str' : m[3] ? 'word' : 'punct', text: m[1] ?? m[2] ?? m[3] ?? m[4] })
  }
  let i = 0
  const next = () => tokens[i++] ?? { kind: 'punct', text: '<end>' }
  const expect = (text: string) => {
    const token = next()
    if (token.text !== text) fail(`Expected \`${text}\`, found \`${token.text}\` in: ${filter}`)
  }
  const take = (kind: string) => {
    const token = next()
    return token.kind === kind ? token.text : fail(`Expected a ${kind}, found \`${token.text}\` in: ${filter}`)
  }
  const num = () => Number(take('num'))
  const str = () => JSON.parse(take('str')) as string
  const filterableOrThrow = (attribute: string) => filterable.includes(attribute) || fail(`Attribute \`${attribute}\` is not filterable.`)
  const filters: Record<string, any> = {}
  let geo: SearchQuery['geo']
  const clause = () => {
    const head = next()
    if (head.text === '_geoRadius' || head.text === '_geoBoundingBox') {
      filterableOrThrow('_geo')
      if (geo) fail('Stand-in: two geo clauses')
      expect('(')
      if (head.text === '_geoRadius') {
        const [lat, , lng, , meters] = [num(), expect(','), num(), expect(','), num()]
        geo = { around: { lat, lng, radiusKm: meters / 1000 } }
      } else {
        const [, north, , east, , , , south, , west] = [
          expect('['),
          num(),
          expect(','),
          num(),
          expect(']'),
          expect(','),
          expect('['),
          num(),
          expect(','),
          num(),
        ]
        expect(']')
        geo = { box: { north, east, south, west } }
      }
      expect(')')
      return
    }
    if (head.kind !== 'word') fail(`Unexpected \`${head.text}\` in: ${filter}`)
    filterableOrThrow(head.text)
    const op = next().text
    if (head.text === 'promotion') {
      const year = num()
      const range = (filters.promotion ??= {})
      if (op === '=' && !('from' in range || 'to' in range)) Object.assign(range, { from: year, to: year })
      else if (op === '>=' && !('from' in range)) range.from = year
      else if (op === '<=' && !('to' in range)) range.to = year
      else fail(`Stand-in: unexpected promotion clause \`${op} ${year}\``)
      return
    }
    if (head.text in filters) fail(`Stand-in: \`${head.text}\` filtered twice`)
    if (op === '=') filters[head.text] = [str()]
    else if (op === 'IN') {
      expect('[')
      const values = [str()]
      for (let t = next(); t.text !== ']'; t = next()) {
        if (t.text !== ',') fail(`Expected \`,\` or \`]\` in: ${filter}`)
        values.push(str())
      }
      filters[head.text] = values
    } else fail(`Stand-in: unexpected operator \`${op}\``)
  }
  for (clause(); i < tokens.length; clause()) expect('AND')
  return { filters, geo }
}
