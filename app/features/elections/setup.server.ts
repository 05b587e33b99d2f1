import crypto from 'node:crypto'
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { electionCandidacies, electionTrustees, elections, memberships, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { formatDateTime, type Translate } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import { parseFields, type FieldErrors, type FormValues } from '~/shared/validation'
import { utcToZonedInput, zonedToUtc } from '~/shared/zoned-time'
import { mailRecipient, memberIdentity, stageOf, type ElectionRow } from '~/features/elections/elections.server'
import { electionStage, type ElectionStage } from '~/features/elections/stage'
import {
  crossFieldErrors,
  DATE_FIELDS,
  ELECTION_TIME_ZONE,
  electionFields,
  ELECTIONS_PAGE_SIZE,
  pickedTrustees,
  trusteeField,
  type DateField,
  type ElectionInput,
} from '~/features/elections/setup-schema'

// An election's setup (issue #18, step 1): a webmaster creates it with its dates, its rules and
// its trustees (each mailed), edits it until it is sealed (the trustees only until one of them
// has published the ceremony's first step) and may cancel it any time before its results.

type Failure<E extends string> = { ok: false; error: E }
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * The trustees typed as the addresses of their accounts (a list of every paying member would
 * weigh megabytes on an association of thousands): each resolved to an active account whose dues
 * are active, by address, whatever its case.
 */
function payingMembersByEmail(db: Pick<Db, 'select'>, emails: string[]): Map<string, string> {
  if (emails.length === 0) return new Map()
  const rows = db
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(inArray(sql`lower(${users.email})`, emails), eq(users.status, 'active'), eq(memberships.status, 'active')))
    .all()
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]))
}

/**
 * The create/edit form read whole: each field's own rule, then the dates' order and the trustees,
 * every error at once next to its field (French, from the catalogue).
 */
export function readElectionForm(db: Db, values: FormValues, t: Translate): { ok: true; input: ElectionInput } | { ok: false; errors: FieldErrors } {
  const { data, errors } = parseFields(electionFields, values, t)
  const dates: Partial<Record<DateField, Date>> = {}
  for (const field of DATE_FIELDS) {
    const local = data[field]
    if (local === undefined) continue
    const instant = zonedToUtc(local, ELECTION_TIME_ZONE)
    if (instant) dates[field] = instant
    else errors[field] = [t('elections.setup.error.dateInvalid')]
  }
  const emails = pickedTrustees(values).map((e) => e.toLowerCase())
  const known = payingMembersByEmail(db, emails)
  const trustees: string[] = []
  emails.forEach((email, i) => {
    const id = known.get(email)
    if (id) trustees.push(id)
    else errors[trusteeField(i + 1)] ??= [t('elections.setup.error.trusteeUnknown')]
  })
  for (const [field, key] of Object.entries(crossFieldErrors(dates, emails, data.threshold))) errors[field] ??= [t(key as never)]
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    input: {
      title: data.title!,
      description: data.description ?? '',
      seats: data.seats!,
      candidacyOpensAt: dates.candidacyOpensAt!,
      candidacyClosesAt: dates.candidacyClosesAt!,
      rollAt: dates.rollAt!,
      votingOpensAt: dates.votingOpensAt!,
      votingClosesAt: dates.votingClosesAt!,
      eligibility: data.eligibility!,
      threshold: data.threshold!,
      tieRule: data.tieRule!,
      requireMailCode: values.requireMailCode === 'on',
      trustees,
    },
  }
}

/** What was typed, kept to put back after an error (bounded: a hostile post may be large). */
export function keptFormValues(values: FormValues): FormValues {
  return Object.fromEntries(
    Object.entries(values)
      .slice(0, 40)
      .map(([k, v]) => [k.slice(0, 40), v.slice(0, 3000)]),
  )
}

/** An election's values as its edit form shows them (Paris wall-clock times). */
export function electionFormValues(db: Db, election: ElectionRow, trustees: { userId: string | null }[]): FormValues {
  const values: FormValues = {
    title: election.title,
    description: election.description,
    seats: String(election.seats),
    eligibility: election.eligibility,
    threshold: String(election.threshold),
    tieRule: election.tieRule,
    requireMailCode: election.requireMailCode ? 'on' : '',
  }
  for (const field of DATE_FIELDS) values[field] = utcToZonedInput(election[field], ELECTION_TIME_ZONE)
  const ids = trustees.map((tr) => tr.userId).filter((id): id is string => id !== null)
  const emails = new Map(
    ids.length
      ? db
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(inArray(users.id, ids))
          .all()
          .map((u) => [u.id, u.email])
      : [],
  )
  trustees.forEach((tr, i) => {
    if (tr.userId && emails.has(tr.userId)) values[trusteeField(i + 1)] = emails.get(tr.userId)!
  })
  return values
}

function electionColumns(input: ElectionInput) {
  const { trustees: _trustees, ...columns } = input
  return columns
}

function writeTrustees(ctx: AppContext, tx: Tx, election: Pick<ElectionRow, 'id' | 'title'>, trustees: string[], before: Set<string>, origin: string) {
  const now = ctx.now()
  tx.delete(electionTrustees).where(eq(electionTrustees.electionId, election.id)).run()
  trustees.forEach((userId, i) => {
    const identity = memberIdentity(tx as unknown as Db, userId)
    tx.insert(electionTrustees)
      .values({ electionId: election.id, position: i + 1, userId, name: identity?.name ?? '', updatedAt: now })
      .run()
    if (!before.has(userId)) mailTrustee(ctx, tx, election, userId, origin)
  })
}

function mailTrustee(ctx: AppContext, tx: Tx, election: Pick<ElectionRow, 'id' | 'title'>, userId: string, origin: string) {
  const to = mailRecipient(tx, userId)
  if (!to) return
  ctx.mail.enqueue(
    composeMail(ctx.config, {
      to: to.email,
      locale: to.locale,
      firstName: to.firstName,
      subject: 'elections.setup.mail.trustee.subject',
      paragraphs: [
        { key: 'elections.setup.mail.trustee.body', params: { title: election.title } },
        { key: 'elections.setup.mail.trustee.role' },
        { key: 'elections.setup.mail.trustee.steps' },
        { key: 'elections.setup.mail.trustee.contact', params: { email: ctx.config.ASSOCIATION_EMAIL } },
      ],
      action: { label: 'elections.setup.mail.trustee.action', url: new URL(`/elections/${election.id}/assesseur`, origin).toString() },
    }),
    // Once per trustee and election: removed then named again, they are not mailed twice.
    { kind: 'elections.trustee.invited', dedupeKey: `elections.trustee:${election.id}:${userId}` },
  )
}

/** Creates the election (a draft) and its trustees, each mailed in the same transaction. */
export function createElection(ctx: AppContext, input: ElectionInput, webmasterId: string, origin: string): { id: string } {
  return ctx.db.transaction(
    (tx) => {
      const now = ctx.now()
      const id = crypto.randomBytes(9).toString('base64url')
      tx.insert(elections)
        .values({ id, ...electionColumns(input), state: 'draft', createdBy: webmasterId, createdAt: now, updatedAt: now })
        .run()
      writeTrustees(ctx, tx, { id, title: input.title }, input.trustees, new Set(), origin)
      return { id }
    },
    { behavior: 'immediate' },
  )
}

export type UpdateError = 'notFound' | 'sealed'

/**
 * Edits a draft. What already happened stays as it was, each refusal filed next to its field:
 * the trustees and the threshold once a trustee published step 1 (the ceremony is built on
 * them), the roll date and eligibility once the roll is frozen, the candidacy dates once the
 * list is published.
 */
export function updateElection(
  ctx: AppContext,
  id: string,
  input: ElectionInput,
  origin: string,
): { ok: true } | Failure<UpdateError> | { ok: false; error: 'locked'; fields: Record<string, string> } {
  return ctx.db.transaction(
    (tx) => {
      const election = tx.select().from(elections).where(eq(elections.id, id)).get()
      if (!election) return { ok: false, error: 'notFound' } as const
      if (election.state !== 'draft') return { ok: false, error: 'sealed' } as const
      const current = tx.select().from(electionTrustees).where(eq(electionTrustees.electionId, id)).orderBy(asc(electionTrustees.position)).all()
      const currentIds = current.map((tr) => tr.userId ?? '')
      const trusteesChanged = currentIds.join(' ') !== input.trustees.join(' ')
      const fields: Record<string, string> = {}
      if (current.some((tr) => tr.commitment !== null)) {
        if (trusteesChanged) fields.trustee1 = 'elections.setup.error.trusteesLocked'
        if (input.threshold !== election.threshold) fields.threshold = 'elections.setup.error.trusteesLocked'
      }
      if (election.rollFrozenAt) {
        if (input.rollAt.getTime() !== election.rollAt.getTime()) fields.rollAt = 'elections.setup.error.rollLocked'
        if (input.eligibility !== election.eligibility) fields.eligibility = 'elections.setup.error.rollLocked'
      }
      if (election.candidatesPublishedAt) {
        if (input.candidacyOpensAt.getTime() !== election.candidacyOpensAt.getTime()) fields.candidacyOpensAt = 'elections.setup.error.candidacyLocked'
        if (input.candidacyClosesAt.getTime() !== election.candidacyClosesAt.getTime()) fields.candidacyClosesAt = 'elections.setup.error.candidacyLocked'
      }
      if (Object.keys(fields).length > 0) return { ok: false, error: 'locked', fields } as const
      tx.update(elections)
        .set({ ...electionColumns(input), updatedAt: ctx.now() })
        .where(and(eq(elections.id, id), eq(elections.state, 'draft')))
        .run()
      if (trusteesChanged) writeTrustees(ctx, tx, { id, title: input.title }, input.trustees, new Set(currentIds), origin)
      return { ok: true } as const
    },
    // IMMEDIATE: the state and the trustees' steps are read under the write lock, so a seal or a
    // trustee's first step committed meanwhile cannot be overwritten.
    { behavior: 'immediate' },
  )
}

export type CancelError = 'notFound' | 'tooLate'

/** Cancels an election, with its reason, any time before its results are published. */
export function cancelElection(ctx: AppContext, id: string, reason: string): { ok: true } | Failure<CancelError> {
  return ctx.db.transaction(
    (tx) => {
      const election = tx.select({ state: elections.state }).from(elections).where(eq(elections.id, id)).get()
      if (!election) return { ok: false, error: 'notFound' } as const
      const now = ctx.now()
      const done = tx
        .update(elections)
        .set({ state: 'cancelled', cancelledReason: reason, updatedAt: now })
        .where(and(eq(elections.id, id), inArray(elections.state, ['draft', 'sealed', 'tallying'])))
        .run()
      return done.changes === 1 ? ({ ok: true } as const) : ({ ok: false, error: 'tooLate' } as const)
    },
    { behavior: 'immediate' },
  )
}

export type TrusteeProgress = {
  position: number
  userId: string | null
  name: string
  /** The ceremony's steps published (1 commitment, 2 shares, 3 verification key) and the tally's partial decryption. */
  steps: { commitment: boolean; shares: boolean; verificationKey: boolean; partialDecryption: boolean }
}

export function trusteesOf(db: Db, electionId: string): TrusteeProgress[] {
  return db
    .select()
    .from(electionTrustees)
    .where(eq(electionTrustees.electionId, electionId))
    .orderBy(asc(electionTrustees.position))
    .all()
    .map((tr) => ({
      position: tr.position,
      userId: tr.userId,
      name: tr.name,
      steps: {
        commitment: tr.commitment !== null,
        shares: tr.shares !== null,
        verificationKey: tr.verificationKey !== null,
        partialDecryption: tr.partialDecryption !== null,
      },
    }))
}

export type ElectionSummary = {
  id: string
  title: string
  seats: number
  stage: ElectionStage
  candidacyOpensAt: Date
  candidacyClosesAt: Date
  votingOpensAt: Date
  votingClosesAt: Date
  publishedAt: Date | null
}

const ACTIVE: ElectionStage[] = ['candidacy', 'preparation', 'ready', 'voting', 'counting']

/**
 * The members' list: elections under way (by voting date), to come, and past (newest first,
 * paginated). Every election is public to the association's accounts from its creation.
 */
export function electionsForMembers(ctx: Pick<AppContext, 'db' | 'now'>, page: number) {
  const now = ctx.now()
  const rows = ctx.db
    .select({
      id: elections.id,
      title: elections.title,
      seats: elections.seats,
      state: elections.state,
      candidacyOpensAt: elections.candidacyOpensAt,
      candidacyClosesAt: elections.candidacyClosesAt,
      votingOpensAt: elections.votingOpensAt,
      votingClosesAt: elections.votingClosesAt,
      publishedAt: elections.publishedAt,
    })
    .from(elections)
    .orderBy(asc(elections.votingOpensAt), asc(elections.id))
    .all()
  const all: ElectionSummary[] = rows.map(({ state, ...r }) => ({ ...r, stage: electionStage({ state, ...r }, now) }))
  const current = all.filter((e) => ACTIVE.includes(e.stage))
  const upcoming = all.filter((e) => e.stage === 'announced')
  const pastAll = all.filter((e) => e.stage === 'results' || e.stage === 'cancelled').reverse()
  const pages = Math.max(1, Math.ceil(pastAll.length / ELECTIONS_PAGE_SIZE))
  const past = pastAll.slice((page - 1) * ELECTIONS_PAGE_SIZE, page * ELECTIONS_PAGE_SIZE)
  return { current, upcoming, past, page: Math.min(page, pages), pages }
}

/** The webmasters' list: every election, newest voting date first, paginated. */
export function electionsForWebmasters(ctx: Pick<AppContext, 'db' | 'now'>, page: number) {
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(elections)
      .get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / ELECTIONS_PAGE_SIZE))
  const rows = ctx.db
    .select()
    .from(elections)
    .orderBy(desc(elections.votingOpensAt), asc(elections.id))
    .limit(ELECTIONS_PAGE_SIZE)
    .offset((Math.min(page, pages) - 1) * ELECTIONS_PAGE_SIZE)
    .all()
  return {
    elections: rows.map((e) => ({
      id: e.id,
      title: e.title,
      seats: e.seats,
      stage: stageOf(ctx, e),
      votingOpensAt: e.votingOpensAt,
      votingClosesAt: e.votingClosesAt,
    })),
    total,
    page: Math.min(page, pages),
    pages,
  }
}

/** How many candidacies an election has, by status (the manage page links to their review). */
export function candidacyCounts(db: Db, electionId: string): Record<'pending' | 'validated' | 'refused' | 'withdrawn', number> {
  const counts = { pending: 0, validated: 0, refused: 0, withdrawn: 0 }
  const rows = db
    .select({ status: electionCandidacies.status, n: sql<number>`count(*)` })
    .from(electionCandidacies)
    .where(eq(electionCandidacies.electionId, electionId))
    .groupBy(electionCandidacies.status)
    .all()
  for (const r of rows) counts[r.status] = r.n
  return counts
}

export type ResultSummary = { counted: number; blank: number; elected: string[]; votes: { name: string; votes: number }[] }

/**
 * The published result, read for the overview: who is elected, by name (the result names the
 * candidates by their id in the sealed parameters, the candidacy's id), and the counts.
 */
export function resultSummary(db: Db, election: ElectionRow): ResultSummary | null {
  if (election.state !== 'published' || !election.result) return null
  let parsed: { counted?: unknown; blank?: unknown; votes?: unknown; elected?: unknown }
  try {
    parsed = JSON.parse(election.result) as typeof parsed
  } catch {
    return null
  }
  const candidates = db
    .select({ id: electionCandidacies.id, name: electionCandidacies.name })
    .from(electionCandidacies)
    .where(and(eq(electionCandidacies.electionId, election.id), isNotNull(electionCandidacies.position)))
    .orderBy(asc(electionCandidacies.position))
    .all()
  const nameOf = (id: string) => candidates.find((c) => String(c.id) === id)?.name ?? id
  const votes = Array.isArray(parsed.votes) ? parsed.votes : []
  return {
    counted: typeof parsed.counted === 'number' ? parsed.counted : 0,
    blank: typeof parsed.blank === 'number' ? parsed.blank : 0,
    elected: Array.isArray(parsed.elected) ? parsed.elected.map((id) => nameOf(String(id))) : [],
    votes: candidates.map((c, i) => ({ name: c.name, votes: typeof votes[i] === 'number' ? (votes[i] as number) : 0 })),
  }
}

/** « du 1 mars 2027 à 9 h 00 » style dates of an election, for its pages. */
export function electionDates(locale: 'fr' | 'en', e: Pick<ElectionRow, DateField>): Record<DateField, string> {
  const out = {} as Record<DateField, string>
  for (const field of DATE_FIELDS) out[field] = formatDateTime(locale, e[field])
  return out
}
