import { inArray } from 'drizzle-orm'
import { elections } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { publishCandidatesIfDue } from './candidacies.server'
import { findElection } from './elections.server'
import { freezeRollIfDue } from './roll.server'
import { closeBoxIfDue } from './tally.server'

/**
 * The election's transitions that happen with time, for every election still moving: the roll
 * frozen at its date, the candidates published at the close of candidacies, the box summed at the
 * close of voting. Each is idempotent and decided in the database, and the pages call them too,
 * so the job only keeps the site right between visits.
 */
export async function runElectionJobStep(ctx: AppContext): Promise<{ elections: number }> {
  const moving = ctx.db
    .select({ id: elections.id })
    .from(elections)
    .where(inArray(elections.state, ['draft', 'sealed']))
    .all()
  for (const { id } of moving) {
    const election = findElection(ctx.db, id)
    if (!election) continue
    if (election.state === 'draft') {
      freezeRollIfDue(ctx, election)
      publishCandidatesIfDue(ctx, election)
    } else if (ctx.now() < election.votingClosesAt) {
      // A vote is open or near: the workers that check ballots are started before the first cast.
      if (ctx.now().getTime() > election.votingOpensAt.getTime() - 5 * 60_000) ctx.electionsCrypto.warm()
    } else await closeBoxIfDue(ctx, election)
  }
  return { elections: moving.length }
}
