import type { AppContext } from '../../app/context.server'
import { claimSlot, finishSlot, slotOf } from './claim'

/**
 * A background job on an interval: one run at a time per process (a slow run is not started
 * again on top of itself), errors logged rather than thrown, and a stop that waits for the run
 * in progress. With several processes (WEB_CONCURRENCY, or several machines on one database),
 * each interval is run by one of them: the first to claim its slot in `job_runs`; if that one
 * dies, another claims the next. Each step also decides from the database what is due, so a
 * restart never repeats a mail.
 */
/** A job step longer than this is logged (a warning): the pages waited behind it. */
export const SLOW_JOB_MS = 100

export function startIntervalJob(ctx: AppContext, name: string, intervalMs: number, step: () => Promise<void>) {
  let running: Promise<void> | null = null
  async function attempt() {
    const slot = slotOf(ctx.now(), intervalMs)
    if (!claimSlot(ctx, name, slot)) return
    let outcome = 'ok'
    const started = performance.now()
    try {
      await step()
      // Jobs run on the thread that serves pages: a long step shows as a tail in every page's latency.
      const ms = Math.round(performance.now() - started)
      if (ms > SLOW_JOB_MS) ctx.logger.warn({ job: name, ms }, 'slow background job')
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error)
      ctx.logger.error({ err: error }, `${name} job failed`)
    }
    finishSlot(ctx, name, slot, outcome)
  }
  function run() {
    // `finally` runs after the assignment even when nothing awaited: the next tick can run again.
    running ??= attempt()
      .catch((error: unknown) => ctx.logger.error({ err: error }, `${name} job's claim failed`))
      .finally(() => (running = null))
    return running
  }
  const timer = setInterval(() => void run(), intervalMs)
  timer.unref()
  return {
    run,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
