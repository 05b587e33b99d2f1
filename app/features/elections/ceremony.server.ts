import { and, asc, eq } from 'drizzle-orm'
import type { AppContext } from '~/context.server'
import type { Db } from '../../../db/client'
import { elections, electionTrustees } from '../../../db/schema'
import { checkAllCommitments, checkTrusteeCommitment, checkTrusteeShares, checkVerificationKey, type CeremonyContext } from './crypto/threshold'
import type { ElectionRow } from './elections.server'

/**
 * The key ceremony on the server side (/elections/:id/assesseur). The trustees' browsers run the
 * three steps of crypto/threshold.ts; the server only checks and stores their PUBLIC messages
 * (JSON text in the trustee's row), in order, while the election is a draft. A private share or
 * a seed never reaches it.
 */

export type TrusteeRow = typeof electionTrustees.$inferSelect
export type CeremonyStep = 'publish' | 'share' | 'finalise'

export function trusteesOf(db: Pick<Db, 'select'>, electionId: string): TrusteeRow[] {
  return db.select().from(electionTrustees).where(eq(electionTrustees.electionId, electionId)).orderBy(asc(electionTrustees.position)).all()
}

/** The viewer's trustee row in this election, or null (then the page answers 403). */
export function trusteeOfUser(db: Pick<Db, 'select'>, electionId: string, userId: string): TrusteeRow | null {
  return (
    db
      .select()
      .from(electionTrustees)
      .where(and(eq(electionTrustees.electionId, electionId), eq(electionTrustees.userId, userId)))
      .get() ?? null
  )
}

export function ceremonyContextFor(election: Pick<ElectionRow, 'id' | 'threshold'>, trustees: readonly TrusteeRow[]): CeremonyContext {
  return { electionId: election.id, trustees: trustees.map((t) => t.name), threshold: election.threshold }
}

/** 0 = nothing yet, 1 = commitment, 2 = shares, 3 = verification key. */
export function stepOf(t: Pick<TrusteeRow, 'commitment' | 'shares' | 'verificationKey'>): 0 | 1 | 2 | 3 {
  return t.verificationKey ? 3 : t.shares ? 2 : t.commitment ? 1 : 0
}

export type StepFailure = 'sealed' | 'notTrustee' | 'order' | 'waiting' | 'json' | 'index' | 'invalid'

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Stores one trustee's message of a step, checked against the stored ones, in one IMMEDIATE
 * transaction (two trustees posting at once see each other's rows). `detail` is the check's
 * English reason, for the log and the page's small print.
 */
export function submitCeremonyStep(
  ctx: AppContext,
  electionId: string,
  userId: string,
  step: CeremonyStep,
  input: string,
): { ok: true } | { ok: false; failure: StepFailure; detail?: string } {
  return ctx.db.transaction(
    (tx) => {
      const election = tx.select().from(elections).where(eq(elections.id, electionId)).get()
      if (!election || election.state !== 'draft') return { ok: false, failure: 'sealed' } as const
      const all = trusteesOf(tx, electionId)
      const me = all.find((t) => t.userId === userId)
      if (!me) return { ok: false, failure: 'notTrustee' } as const
      const wanted = step === 'publish' ? 0 : step === 'share' ? 1 : 2
      if (stepOf(me) !== wanted) return { ok: false, failure: 'order' } as const
      if (all.some((t) => stepOf(t) < wanted)) return { ok: false, failure: 'waiting' } as const
      const message = parse(input)
      if (message === undefined || typeof message !== 'object' || message === null) return { ok: false, failure: 'json' } as const
      if ((message as { trustee?: unknown }).trustee !== me.position) return { ok: false, failure: 'index' } as const
      const context = ceremonyContextFor(election, all)
      const text = JSON.stringify(message)
      const set = (values: Partial<TrusteeRow>) =>
        tx
          .update(electionTrustees)
          .set({ ...values, updatedAt: ctx.now() })
          .where(and(eq(electionTrustees.electionId, electionId), eq(electionTrustees.position, me.position)))
          .run()
      if (step === 'publish') {
        const checked = checkTrusteeCommitment(context, message)
        if (!checked.ok) return { ok: false, failure: 'invalid', detail: checked.failure } as const
        set({ commitment: text })
        return { ok: true } as const
      }
      const commitments = checkAllCommitments(
        context,
        all.map((t) => parse(t.commitment ?? '')),
      )
      if (!commitments.ok) return { ok: false, failure: 'invalid', detail: commitments.failure } as const
      if (step === 'share') {
        const checked = checkTrusteeShares(context, commitments.all, commitments.digest, message)
        if (!checked.ok) return { ok: false, failure: 'invalid', detail: checked.failure } as const
        set({ shares: text })
        return { ok: true } as const
      }
      const checked = checkVerificationKey(context, commitments.all, commitments.digest, message)
      if (!checked.ok) return { ok: false, failure: 'invalid', detail: checked.failure } as const
      set({ verificationKey: text })
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

/**
 * Clears every trustee's ceremony messages so the ceremony runs again (a bad share, a lost
 * state). Refused once sealed. The lead's seal page calls it (intent `restart-ceremony`).
 */
export function restartCeremony(ctx: AppContext, election: ElectionRow): { ok: true } | { ok: false; failure: string } {
  return ctx.db.transaction(
    (tx) => {
      const fresh = tx.select({ state: elections.state }).from(elections).where(eq(elections.id, election.id)).get()
      if (!fresh) return { ok: false, failure: 'Élection introuvable.' } as const
      if (fresh.state !== 'draft') return { ok: false, failure: 'L’élection est scellée : la cérémonie ne peut plus être recommencée.' } as const
      tx.update(electionTrustees)
        .set({ commitment: null, shares: null, verificationKey: null, updatedAt: ctx.now() })
        .where(eq(electionTrustees.electionId, election.id))
        .run()
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}
