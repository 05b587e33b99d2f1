import pino from 'pino'

/**
 * JSON lines on stdout, written asynchronously: a synchronous write per request (the access log)
 * blocked the event loop for a tenth of a millisecond or more whenever the reader lagged. pino
 * flushes what is left when the process exits.
 */
export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: ['req.headers.cookie', 'password', '*.password'] }, pino.destination({ dest: 1, sync: false }))
}
