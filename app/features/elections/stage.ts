/**
 * Where an election stands, from its dates and its state (browser-safe: the pages, the services
 * and the jobs all read it here). The order of a well-run election:
 *
 *   announced → candidacy → preparation → ready → voting → counting → results
 *
 * - announced: created, candidacies not open yet;
 * - candidacy: members apply and withdraw; the roll is frozen at its date (any time before voting);
 * - preparation: candidacies closed and the list published in a drawn order; the trustees run the
 *   key ceremony; contests of the roll are answered; a webmaster seals the election;
 * - ready: sealed (fingerprint fixed, credentials mailed), voting not open yet;
 * - voting: ballots are cast, the board fills;
 * - counting: closed; the box is summed and the trustees decrypt;
 * - results: published, with the procès-verbal.
 * A draft that reaches its voting date unsealed stays in preparation: voting never opens on an
 * unsealed election (it can then be cancelled, or its dates moved).
 */
export type ElectionStage = 'announced' | 'candidacy' | 'preparation' | 'ready' | 'voting' | 'counting' | 'results' | 'cancelled'

export type StagedElection = {
  state: 'draft' | 'sealed' | 'tallying' | 'published' | 'cancelled'
  candidacyOpensAt: Date
  candidacyClosesAt: Date
  votingOpensAt: Date
  votingClosesAt: Date
}

export function electionStage(e: StagedElection, now: Date): ElectionStage {
  const t = now.getTime()
  if (e.state === 'cancelled') return 'cancelled'
  if (e.state === 'published') return 'results'
  if (e.state === 'tallying') return 'counting'
  if (e.state === 'sealed') {
    if (t < e.votingOpensAt.getTime()) return 'ready'
    return t < e.votingClosesAt.getTime() ? 'voting' : 'counting'
  }
  if (t < e.candidacyOpensAt.getTime()) return 'announced'
  if (t < e.candidacyClosesAt.getTime()) return 'candidacy'
  return 'preparation'
}

export const STAGES_IN_ORDER: readonly ElectionStage[] = ['announced', 'candidacy', 'preparation', 'ready', 'voting', 'counting', 'results']

/** The defaults a webmaster starts from. */
export const ELECTION_DEFAULTS = { trustees: 3, threshold: 2, seats: 1 } as const
export const ELECTION_LIMITS = { title: 200, description: 2000, statement: 3000, refusalReason: 1000, contest: 1000, seats: 30, trustees: 9 } as const
