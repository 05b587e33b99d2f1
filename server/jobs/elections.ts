import type { AppContext } from '../../app/context.server'
import { runElectionJobStep } from '../../app/features/elections/jobs.server'
import { startIntervalJob } from './interval'

/** How often the elections' dated transitions are looked at (roll, candidates, close of the box). */
export const ELECTION_JOB_INTERVAL_MS = 60_000

export function startElectionJobs(ctx: AppContext, intervalMs = ELECTION_JOB_INTERVAL_MS) {
  return startIntervalJob(ctx, 'elections', intervalMs, async () => {
    await runElectionJobStep(ctx)
  })
}
