import { and, asc, count, eq, isNotNull } from 'drizzle-orm'
import { electionBallots, electionRoll, electionTrustees } from '../../../db/schema'
import type { Db } from '../../../db/client'
import { type Ballot } from './crypto/ballot'
import { type Board, BOARD_FORMAT, resultSchema } from './crypto/board'
import { type PartialDecryption } from './crypto/threshold'
import type { ElectionRow } from './elections.server'
import { sealedElection } from './voting.server'
import { BOARD_PAGE_SIZE } from './voting-schema'

// The public board (issue #18, step 6): what every member sees from sealing on, and the export
// that `npm run election:verify` checks without the database. Ballots are listed by tracker — the
// box has no order of casting to give, and none is ever shown.

export type BoardCounts = { voted: number; ballots: number }

/** Roll entries marked as having voted, and ballots in the box: equal unless something is wrong. */
export function boardCounts(db: Db, electionId: string): BoardCounts {
  const voted = db
    .select({ n: count() })
    .from(electionRoll)
    .where(and(eq(electionRoll.electionId, electionId), eq(electionRoll.voted, true)))
    .get()!.n
  const ballots = db.select({ n: count() }).from(electionBallots).where(eq(electionBallots.electionId, electionId)).get()!.n
  return { voted, ballots }
}

/** One page of trackers, sorted by tracker. */
export function trackersPage(db: Db, electionId: string, page: number): string[] {
  return db
    .select({ tracker: electionBallots.tracker })
    .from(electionBallots)
    .where(eq(electionBallots.electionId, electionId))
    .orderBy(asc(electionBallots.tracker))
    .limit(BOARD_PAGE_SIZE)
    .offset((page - 1) * BOARD_PAGE_SIZE)
    .all()
    .map((r) => r.tracker)
}

/** Whether a tracker is in the box (a voter's check). */
export function hasTracker(db: Db, electionId: string, tracker: string): boolean {
  return !!db
    .select({ tracker: electionBallots.tracker })
    .from(electionBallots)
    .where(and(eq(electionBallots.electionId, electionId), eq(electionBallots.tracker, tracker)))
    .get()
}

/**
 * The whole board (crypto/board.ts) from the tables: the sealed parameters, the roll's count, the
 * ballots by tracker and, once the results are published, the encrypted tally, the trustees'
 * partial decryptions in their order and the announced result. Null before sealing.
 */
export function boardOf(db: Db, election: ElectionRow): Board | null {
  const sealed = sealedElection(election)
  if (!sealed) return null
  const ballots = db
    .select({ ballot: electionBallots.ballot })
    .from(electionBallots)
    .where(eq(electionBallots.electionId, election.id))
    .orderBy(asc(electionBallots.tracker))
    .all()
    .map((r) => JSON.parse(r.ballot) as Ballot)
  const { voted } = boardCounts(db, election.id)
  let tally: Board['tally'] = null
  if (election.state === 'published' && election.encryptedTally && election.result) {
    const partialDecryptions = db
      .select({ partial: electionTrustees.partialDecryption })
      .from(electionTrustees)
      .where(and(eq(electionTrustees.electionId, election.id), isNotNull(electionTrustees.partialDecryption)))
      .orderBy(asc(electionTrustees.position))
      .all()
      .map((r) => JSON.parse(r.partial!) as PartialDecryption)
    tally = {
      encrypted: JSON.parse(election.encryptedTally) as { alpha: string; beta: string }[],
      partialDecryptions,
      result: resultSchema.parse(JSON.parse(election.result)),
    }
  }
  return { format: BOARD_FORMAT, parameters: sealed.parameters, fingerprint: sealed.fingerprint, voted, ballots, tally }
}

// A published board never changes again: its text is kept (the demo's 250 ballots take ~20 ms
// to read and serialise; a real one of thousands, more). An open one is read afresh each time.
const publishedBoards = new Map<string, string>()

/** The board as the export serves it, JSON text. */
export function boardJson(db: Db, election: ElectionRow): string | null {
  const key = election.state === 'published' && election.publishedAt ? `${election.id}:${election.fingerprint}:${election.publishedAt.getTime()}` : null
  const cached = key ? publishedBoards.get(key) : undefined
  if (cached) return cached
  const board = boardOf(db, election)
  if (!board) return null
  const text = JSON.stringify(board)
  if (key) {
    if (publishedBoards.size > 20) publishedBoards.clear()
    publishedBoards.set(key, text)
  }
  return text
}
