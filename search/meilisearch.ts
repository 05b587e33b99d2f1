import { Meilisearch, type EnqueuedTaskPromise, type IndexSwap, type Task } from 'meilisearch'
import type { FacetField, Highlights, HighlightField, MemberDocument, SearchEngine, SearchResult } from './types'
import { HIGHLIGHT_FIELDS, utf8RangeToUtf16 } from './highlight'
import { FACETS, fromMeili, indexSettings, searchRequests, toMeili } from './meili-query'

export interface MeiliOptions {
  host: string
  apiKey?: string
  indexUid?: string
  /** Caps `total` and the map's points; 100,000 covers a large alumni association. */
  maxTotalHits?: number
}

/** Documents per addDocuments call: keeps each payload a few MB. */
const BATCH = 10_000

/** A failed task is not an HTTP error: the client resolves it, so we throw. */
function succeeded(task: Task, what: string): Task {
  if (task.status !== 'succeeded') throw new Error(`meilisearch: ${what} ${task.status}: ${task.error?.message ?? 'no detail'}`)
  return task
}

function toHighlights(doc: MemberDocument, positions: Record<string, { start: number; length: number }[]> | undefined): Highlights {
  const highlights: Highlights = {}
  for (const field of HIGHLIGHT_FIELDS as HighlightField[]) {
    const value = doc[field]
    const matches = positions?.[field]
    if (!value || !matches?.length) continue
    highlights[field] = matches.map((m) => utf8RangeToUtf16(value, m.start, m.length))
  }
  return highlights
}

export function createMeiliEngine({ host, apiKey, indexUid = 'members', maxTotalHits = 100_000 }: MeiliOptions): SearchEngine {
  // Writes wait for their task (polled every 25 ms) so that the next search sees them.
  const client = new Meilisearch({ host, apiKey, defaultWaitOptions: { timeout: 120_000, interval: 25 } })
  // Health checks must answer fast even when the host swallows packets.
  const probe = new Meilisearch({ host, apiKey, timeout: 2_000 })
  const settings = indexSettings(maxTotalHits)
  let ready: Promise<void> | undefined

  async function createIndex(uid: string) {
    const task = await client.createIndex(uid, { primaryKey: 'id' }).waitTask()
    if (task.status === 'failed' && task.error?.code === 'index_already_exists') return
    succeeded(task, `creating index ${uid}`)
  }

  async function prepare(uid: string) {
    await createIndex(uid)
    succeeded(await client.index(uid).updateSettings(settings).waitTask(), `settings of ${uid}`)
  }

  /** Once per engine; a failure is not cached, so the next call tries again. */
  function init() {
    ready ??= prepare(indexUid).catch((error: unknown) => {
      ready = undefined
      throw error
    })
    return ready
  }

  async function addAll(uid: string, documents: MemberDocument[]) {
    const tasks: EnqueuedTaskPromise[] = []
    for (let i = 0; i < documents.length; i += BATCH) {
      tasks.push(client.index(uid).addDocuments(documents.slice(i, i + BATCH).map(toMeili), { primaryKey: 'id' }))
    }
    for (const task of tasks) succeeded(await task.waitTask(), `adding documents to ${uid}`)
  }

  // Another process's writes are not counted: what is computed from a search is kept a minute at most.
  let generation = 0
  return {
    name: 'meilisearch',
    init,
    generation: () => generation,

    async upsert(documents) {
      await init()
      if (documents.length) await addAll(indexUid, documents)
      generation++
    },

    async remove(ids) {
      await init()
      generation++
      if (ids.length) succeeded(await client.index(indexUid).deleteDocuments(ids).waitTask(), 'deleting documents')
    },

    /** Builds a fresh index aside and swaps it in: searches never see a half-filled index. */
    async reindex(documents) {
      await init()
      const staging = `${indexUid}_reindex`
      await client.deleteIndex(staging).waitTask() // may fail with index_not_found: fine
      await prepare(staging)
      await addAll(staging, documents)
      // `rename` is left out: older 1.x servers reject unknown fields, newer ones default it to false.
      const swap = { indexes: [indexUid, staging] } as IndexSwap
      succeeded(await client.swapIndexes([swap]).waitTask(), 'swapping indexes')
      succeeded(await client.deleteIndex(staging).waitTask(), 'deleting the staging index')
      generation++
    },

    async search(query) {
      await init()
      const { main, points } = searchRequests(query)
      const { results } = await client.multiSearch({
        queries: [{ indexUid, ...main }, ...(points ? [{ indexUid, ...points }] : [])],
      })
      const [page, map] = results
      const facets = Object.fromEntries(FACETS.map((f) => [f, page.facetDistribution?.[f] ?? {}])) as Record<FacetField, Record<string, number>>
      const result: SearchResult = {
        hits: page.hits.map((hit) => {
          const doc = fromMeili(hit)
          return { ...doc, highlights: toHighlights(doc, hit._matchesPosition as Record<string, { start: number; length: number }[]>) }
        }),
        total: page.totalHits ?? page.estimatedTotalHits ?? 0,
        page: page.page ?? main.page!,
        perPage: page.hitsPerPage ?? main.hitsPerPage!,
        facets,
      }
      if (map) {
        result.points = map.hits.flatMap((hit) => {
          const geo = hit._geo as { lat: number | string; lng: number | string } | undefined
          return geo ? [{ id: String(hit.id), lat: Number(geo.lat), lng: Number(geo.lng) }] : []
        })
      }
      return result
    },

    async health() {
      try {
        const { status } = await probe.health()
        return status === 'available' ? 'ok' : 'unreachable'
      } catch {
        return 'unreachable'
      }
    },
  }
}
