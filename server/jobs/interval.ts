import type { AppContext } from '../../app/context.server'

/**
 * A background job on an interval: one run at a time per process (a slow run is not started
 * again on top of itself), errors logged rather than thrown, and a stop that waits for the run
 * in progress. What is due is decided from the database by each step, so restarts and several
 * processes are safe.
 */
export function startIntervalJob(ctx: AppContext, name: string, intervalMs: number, step: () => Promise<void>) {
  let running: Promise<void> | null = null
  async function run() {
    if (running) return running
    running = (async () => {
      try {
        await step()
      } catch (error) {
        ctx.logger.error({ err: error }, `${name} job failed`)
      } finally {
        running = null
      }
    })()
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
