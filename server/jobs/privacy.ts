import type { AppContext } from '../../app/context.server'
import { runRetentionJobStep } from '../../app/features/privacy/jobs.server'
import { buildPendingExports, exportsSettled } from '../../app/features/privacy/exports.server'
import { runPrivacyRequestReminderStep } from '../../app/features/privacy/requests.server'
import { claimSlot, finishSlot, slotOf } from './claim'
import { startIntervalJob } from './interval'

const DAY_MS = 24 * 60 * 60_000
/** How often the clock is looked at: a process started after the day's run still runs it within the hour. */
export const RETENTION_TICK_MS = 60 * 60_000

/**
 * The daily retention job (issue #16): once per UTC day across every process (the day's slot in
 * `job_runs` is claimed by one), looked at a minute after start and then every hour, so that restarts never skip a day.
 * The reminders of privacy requests nearing their deadline start and stop with it.
 */
export function startRetentionJob(ctx: AppContext, tickMs = RETENTION_TICK_MS) {
  const reminders = startPrivacyRequestReminders(ctx)
  let running: Promise<void> | null = null
  async function attempt() {
    const slot = slotOf(ctx.now(), DAY_MS)
    if (!claimSlot(ctx, 'retention', slot)) return
    let outcome = 'ok'
    try {
      await runRetentionJobStep(ctx)
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error)
      ctx.logger.error({ err: error }, 'retention job failed')
    }
    finishSlot(ctx, 'retention', slot, outcome)
  }
  function run() {
    running ??= attempt()
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'retention job’s claim failed'))
      .finally(() => (running = null))
    return running
  }
  // Tests run the rules themselves, with their own clock: a run in the middle of a test would delete what it seeded.
  const first = ctx.config.NODE_ENV === 'test' ? null : setTimeout(() => void run(), 60_000)
  first?.unref()
  const timer = setInterval(() => void run(), tickMs)
  timer.unref()
  return {
    run,
    async stop() {
      if (first) clearTimeout(first)
      clearInterval(timer)
      await Promise.all([running, reminders.stop()])
    },
  }
}

/** How often open privacy requests are looked at for a deadline a week away. */
export const REQUEST_REMINDER_TICK_MS = 60 * 60_000

/**
 * The week-before reminder of requests received by mail or post (/admin/rgpd): every hour, one
 * process per hour (`job_runs`); each request is claimed by its `reminded_at`, so a restart or a
 * second process never mails it twice. Hourly rather than daily: a request recorded late, already
 * in its last week, is announced within the hour.
 */
export function startPrivacyRequestReminders(ctx: AppContext, intervalMs = REQUEST_REMINDER_TICK_MS) {
  return startIntervalJob(ctx, 'privacy-request-reminders', intervalMs, () => runPrivacyRequestReminderStep(ctx))
}

/** How often archives left pending (a process stopped while building one) are looked for. */
export const EXPORT_SWEEP_MS = 5 * 60_000

/**
 * Archives are built as soon as they are asked for (in the process that took the request); this
 * sweep builds those a stopped process left pending, shortly after start and then every few minutes.
 */
export function startExportSweep(ctx: AppContext, sweepMs = EXPORT_SWEEP_MS) {
  const sweep = () => void buildPendingExports(ctx)
  const first = ctx.config.NODE_ENV === 'test' ? null : setTimeout(sweep, 10_000)
  first?.unref()
  const timer = setInterval(sweep, sweepMs)
  timer.unref()
  return {
    async stop() {
      if (first) clearTimeout(first)
      clearInterval(timer)
      await exportsSettled(ctx)
    },
  }
}
