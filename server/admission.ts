import type { RequestHandler } from 'express'

/**
 * First come, first served for page renders. Under saturation Node interleaves every request in
 * flight: each await of a render lets the fifty others run a step, so a request's time grows with
 * the crowd and some wait ten times the median (bench:pages measured p99 2.2 s for p50 330 ms).
 * Here at most `limit` GET or HEAD requests are past this point at once; the others wait in
 * arrival order, so a request's wait is its place in the line. A slot is given back when the app
 * ends its answer (`res.end`), not when a slow reader has it all, or after `holdMs` (50 ms) if
 * the request is waiting for another service, so that one slow answer never holds the line. Requests with a body (forms,
 * uploads) pass at once: a slow upload must not hold a slot, and they are few. Beyond `maxQueue`
 * waiting, a 503 with Retry-After says to come back rather than letting the line grow without end.
 */
export function admission(options: {
  limit: number
  maxQueue: number
  siteName: string
  /** A request still in hand after this long is waiting for something else (a search server, Stripe): the next one goes. */
  holdMs?: number
}): RequestHandler & { stats(): { running: number; waiting: number } } {
  const holdMs = options.holdMs ?? 50
  let running = 0
  const waiting: (() => void)[] = []

  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else running--
  }

  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const admit = () => {
      let released = false
      const done = () => {
        if (released) return
        released = true
        clearTimeout(timer)
        release()
      }
      // It fires only when the event loop is free, that is when this request awaits I/O.
      const timer = setTimeout(done, holdMs)
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res
      res.end = ((...args: unknown[]) => {
        done()
        return end(...args)
      }) as typeof res.end
      // A client that goes away before the answer gives the slot back too.
      res.once('close', done)
      next()
    }
    if (running < options.limit) {
      running++
      return admit()
    }
    if (waiting.length >= options.maxQueue) {
      res.status(503).set('Retry-After', '2').type('text/plain; charset=utf-8').send(`${options.siteName} est très demandé : réessayez dans un instant.`)
      return
    }
    // Gone while waiting: its place is dropped, nobody renders for it.
    const entry = () => {
      req.socket.off('close', gone)
      if (req.socket.destroyed) return release()
      admit()
    }
    const gone = () => {
      const at = waiting.indexOf(entry)
      if (at >= 0) waiting.splice(at, 1)
    }
    req.socket.once('close', gone)
    waiting.push(entry)
  }
  return Object.assign(handler, { stats: () => ({ running, waiting: waiting.length }) })
}
