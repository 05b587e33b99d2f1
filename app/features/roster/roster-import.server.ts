import crypto from 'node:crypto'
import { eq, ne, sql } from 'drizzle-orm'
import { graduateDiplomas, graduates, profiles, rosterImports, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { matchKey, normaliseName } from '~/features/roster/names'
import { readRosterFile, splitDiplomas, type RawRosterRow, type RosterFile, type RosterFileError } from '~/features/roster/roster-csv.server'
import {
  DIPLOMA_MAX,
  DIPLOMAS_PER_ROW,
  NAME_MAX,
  SCHOOL_ID_MAX,
  isRosterPromotion,
  rosterEmail,
  type PreviewCounts,
  type PreviewRow,
  type RosterChange,
  type RosterFileFacts,
  type RosterHint,
} from '~/features/roster/schema'

// The import of the school's list of graduates (issue #17). One computation serves the preview
// and the apply: the preview runs it and writes nothing; the apply runs it again inside one
// IMMEDIATE transaction (the list cannot change between the reading and the writing) and writes
// what it found. Rows are matched to the list by school id, then by address, then by name and
// promotion (`matchKey`), so that the same file imported twice finds every row unchanged.

type Reader = Pick<Db, 'select'>

/** A row of the list as the import compares it, with its diplomas. */
type Known = typeof graduates.$inferSelect & { diplomas: string[] }

/** A valid row of the file, its values as they would be stored. */
interface Candidate {
  lastName: string
  firstName: string
  birthName: string | null
  promotion: number
  email: string | null
  schoolId: string | null
  diplomas: string[]
  matchKey: string
  birthMatchKey: string | null
}

/** What the import found for one row: its preview, and what the apply writes. */
interface Planned {
  preview: PreviewRow
  candidate?: Candidate
  known?: Known
}

export interface RosterPlan {
  facts: RosterFileFacts
  rows: PreviewRow[]
  counts: PreviewCounts
  planned: Planned[]
}

export type RosterReadError = { ok: false } & RosterFileError

const MAX_HINTS = 3

function listOf<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/* ---------- Reading what is known ---------- */

function knownRoster(db: Reader): Known[] {
  const rows = db.select().from(graduates).orderBy(graduates.id).all()
  const diplomas = new Map<number, string[]>()
  for (const d of db
    .select()
    .from(graduateDiplomas)
    .orderBy(graduateDiplomas.graduateId, sql`rowid`)
    .all())
    listOf(diplomas, d.graduateId, d.diploma)
  return rows.map((r) => ({ ...r, diplomas: diplomas.get(r.id) ?? [] }))
}

/** Accounts by name and promotion (legal and birth name) and by address, for « compte existant possible ». */
function knownAccounts(db: Reader) {
  const rows = db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      birthName: users.birthName,
      email: users.email,
      promotion: profiles.promotion,
    })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(ne(users.status, 'erased'))
    .all()
  const byKey = new Map<string, { id: string; name: string }>()
  const byEmail = new Map<string, { id: string; name: string }>()
  for (const r of rows) {
    const account = { id: r.id, name: `${r.firstName} ${r.lastName}` }
    byEmail.set(r.email.toLowerCase(), account)
    if (r.promotion === null) continue
    byKey.set(matchKey(r.lastName, r.firstName, r.promotion), account)
    if (r.birthName) byKey.set(matchKey(r.birthName, r.firstName, r.promotion), account)
  }
  return { byKey, byEmail }
}

/* ---------- One row ---------- */

const YEAR = /^(\d{4})(?:[.,]0+)?$/

function validate(raw: RawRosterRow, separator: RosterFileFacts['separator'], now: Date): { candidate: Candidate } | { errors: PreviewRow['errors'] } {
  const { cells } = raw
  const errors: PreviewRow['errors'] = []
  if (!cells.lastName) errors.push({ reason: 'lastName' })
  if (!cells.firstName) errors.push({ reason: 'firstName' })
  const year = YEAR.exec(cells.promotion)
  const promotion = year ? Number(year[1]) : NaN
  if (!isRosterPromotion(promotion, now)) errors.push({ reason: 'promotion', value: cells.promotion })
  const email = cells.email ? cells.email.toLowerCase() : null
  if (email && !rosterEmail.safeParse(email).success) errors.push({ reason: 'email', value: cells.email })
  const diplomas = splitDiplomas(cells.diplomas, separator).slice(0, DIPLOMAS_PER_ROW)
  const tooLong =
    cells.lastName.length > NAME_MAX
      ? 'lastName'
      : cells.firstName.length > NAME_MAX
        ? 'firstName'
        : cells.birthName.length > NAME_MAX
          ? 'birthName'
          : cells.schoolId.length > SCHOOL_ID_MAX
            ? 'schoolId'
            : diplomas.some((d) => d.length > DIPLOMA_MAX)
              ? 'diplomas'
              : null
  if (tooLong) errors.push({ reason: 'tooLong', value: tooLong })
  if (errors.length > 0) return { errors }
  const birthName = cells.birthName || null
  return {
    candidate: {
      lastName: cells.lastName,
      firstName: cells.firstName,
      birthName,
      promotion,
      email,
      schoolId: cells.schoolId || null,
      diplomas,
      matchKey: matchKey(cells.lastName, cells.firstName, promotion),
      birthMatchKey: birthName ? matchKey(birthName, cells.firstName, promotion) : null,
    },
  }
}

/**
 * The spelling a name keeps when the file writes the same name another way (case, accents,
 * hyphens: « LEFEVRE » for « Lefèvre »): offices often export last names in capitals without
 * accents, which must not overwrite a better spelling — nor be « updated » at every import.
 * Capitals give way to mixed case, then the spelling with more accents wins; otherwise the list's.
 */
function spelling(known: string, given: string): string {
  if (given === known || normaliseName(given) !== normaliseName(known)) return given
  const shouting = (name: string) => name === name.toLocaleUpperCase('fr-FR') && name !== name.toLocaleLowerCase('fr-FR')
  if (shouting(given) !== shouting(known)) return shouting(given) ? known : given
  const accents = (name: string) => name.normalize('NFD').match(/\p{M}/gu)?.length ?? 0
  return accents(given) > accents(known) ? given : known
}

/**
 * What importing `row` would change on `known`. Names and promotion are the file's (in the
 * better of two spellings of one name); a birth name, an address or a school id the file leaves
 * empty is kept (an office's export that lacks a column erases nothing); diplomas are added, never
 * removed (several offices may each list their own).
 */
function changesOf(row: Candidate, known: Known): RosterChange[] {
  const changes: RosterChange[] = []
  const field = (name: RosterChange['field'], from: string | null, to: string | null) => {
    if (to !== null && to !== from) changes.push({ field: name, from, to })
  }
  field('lastName', known.lastName, spelling(known.lastName, row.lastName))
  field('firstName', known.firstName, spelling(known.firstName, row.firstName))
  field('birthName', known.birthName, row.birthName && known.birthName ? spelling(known.birthName, row.birthName) : row.birthName)
  field('promotion', String(known.promotion), String(row.promotion))
  field('email', known.email, row.email)
  field('schoolId', known.schoolId, row.schoolId)
  const added = row.diplomas.filter((d) => !known.diplomas.includes(d))
  if (added.length > 0) changes.push({ field: 'diplomas', from: known.diplomas.join(' | ') || null, to: [...known.diplomas, ...added].join(' | ') })
  return changes
}

/** The row as the apply stores it: the list's values with the changes made. */
function updated(known: Known, changes: RosterChange[]) {
  const next = {
    lastName: known.lastName,
    firstName: known.firstName,
    birthName: known.birthName,
    promotion: known.promotion,
    email: known.email,
    schoolId: known.schoolId,
  }
  for (const change of changes) {
    if (change.field === 'promotion') next.promotion = Number(change.to)
    else if (change.field !== 'diplomas') next[change.field] = change.to
  }
  return {
    ...next,
    matchKey: matchKey(next.lastName, next.firstName, next.promotion),
    birthMatchKey: next.birthName ? matchKey(next.birthName, next.firstName, next.promotion) : null,
  }
}

/** A file row with a school id cannot be a list row that has another one. */
const compatible = (row: Candidate, known: Known) => !row.schoolId || !known.schoolId || row.schoolId === known.schoolId

const rowName = (k: { firstName: string; lastName: string }) => `${k.firstName} ${k.lastName}`

/* ---------- The whole file ---------- */

/** The import of `file` against the list and the accounts as `db` has them now. Writes nothing. */
export function planImport(db: Reader, file: RosterFile, now: Date): RosterPlan {
  const roster = knownRoster(db)
  const accounts = knownAccounts(db)
  const bySchoolId = new Map<string, Known>()
  const byEmail = new Map<string, Known[]>()
  const byKey = new Map<string, Known[]>()
  for (const known of roster) {
    if (known.schoolId) bySchoolId.set(known.schoolId, known)
    if (known.email) listOf(byEmail, known.email, known)
    listOf(byKey, known.matchKey, known)
  }

  // First pass: each row checked, school ids seen twice refused, rows grouped by name and address.
  const planned: Planned[] = []
  const schoolIdLine = new Map<string, number>()
  const linesByKey = new Map<string, Planned[]>()
  const linesByEmail = new Map<string, Planned[]>()
  for (const raw of file.rows) {
    const preview: PreviewRow = {
      line: raw.line,
      fate: 'error',
      lastName: raw.cells.lastName,
      firstName: raw.cells.firstName,
      birthName: raw.cells.birthName || null,
      promotion: raw.cells.promotion,
      email: raw.cells.email || null,
      schoolId: raw.cells.schoolId || null,
      diplomas: splitDiplomas(raw.cells.diplomas, file.separator),
      changes: [],
      errors: [],
      hints: [],
    }
    const checked = validate(raw, file.separator, now)
    if ('errors' in checked) {
      preview.errors = checked.errors
      planned.push({ preview })
      continue
    }
    const { candidate } = checked
    const first = candidate.schoolId ? schoolIdLine.get(candidate.schoolId) : undefined
    if (first !== undefined) {
      preview.errors = [{ reason: 'schoolIdTwice', value: String(first) }]
      planned.push({ preview })
      continue
    }
    if (candidate.schoolId) schoolIdLine.set(candidate.schoolId, raw.line)
    preview.email = candidate.email
    preview.diplomas = candidate.diplomas
    const entry: Planned = { preview, candidate }
    planned.push(entry)
    listOf(linesByKey, candidate.matchKey, entry)
    if (candidate.email) listOf(linesByEmail, candidate.email, entry)
  }

  // Second pass: each valid row paired with at most one row of the list, and no list row twice.
  const taken = new Set<number>()
  const free = (list: Known[] | undefined, row: Candidate) => (list ?? []).filter((k) => !taken.has(k.id) && compatible(row, k))
  for (const entry of planned) {
    const row = entry.candidate
    if (!row) continue
    let known: Known | undefined
    const bySchool = row.schoolId ? bySchoolId.get(row.schoolId) : undefined
    if (bySchool && !taken.has(bySchool.id)) known = bySchool
    if (!known && row.email) known = free(byEmail.get(row.email), row)[0]
    if (!known) {
      // Namesakes of one promotion are told apart by their other fields: a row identical to one
      // of them is that one (so a re-import pairs each with its own); otherwise only a single
      // candidate is taken, and several leave the row new, flagged beside them.
      const candidates = free(byKey.get(row.matchKey), row)
      known = candidates.find((k) => changesOf(row, k).length === 0) ?? (candidates.length === 1 ? candidates[0] : undefined)
    }
    if (known) {
      taken.add(known.id)
      entry.known = known
      entry.preview.changes = changesOf(row, known)
      entry.preview.fate = entry.preview.changes.length > 0 ? 'update' : 'unchanged'
    } else entry.preview.fate = 'new'
  }

  // Third pass: what the webmaster should look at before applying (informative only).
  for (const entry of planned) {
    const row = entry.candidate
    if (!row || entry.preview.fate === 'unchanged') continue
    const hints: RosterHint[] = []
    for (const other of linesByKey.get(row.matchKey) ?? []) {
      // Two school ids say two people, whatever their names.
      const distinct = row.schoolId && other.candidate!.schoolId && row.schoolId !== other.candidate!.schoolId
      if (other !== entry && !distinct) hints.push({ kind: 'fileRow', line: other.preview.line, by: 'name' })
    }
    for (const other of row.email ? (linesByEmail.get(row.email) ?? []) : [])
      if (other !== entry && !hints.some((h) => h.kind === 'fileRow' && h.line === other.preview.line))
        hints.push({ kind: 'fileRow', line: other.preview.line, by: 'email' })
    if (entry.preview.fate === 'new')
      for (const known of byKey.get(row.matchKey) ?? []) if (!known.schoolId) hints.push({ kind: 'rosterRow', graduateId: known.id, name: rowName(known) })
    const account = accounts.byKey.get(row.matchKey) ?? (row.birthMatchKey ? accounts.byKey.get(row.birthMatchKey) : undefined)
    const accountByEmail = row.email ? accounts.byEmail.get(row.email) : undefined
    const claimedBy = entry.known?.userId
    if (account && account.id !== claimedBy) hints.push({ kind: 'account', name: account.name, by: 'name' })
    else if (accountByEmail && accountByEmail.id !== claimedBy) hints.push({ kind: 'account', name: accountByEmail.name, by: 'email' })
    entry.preview.hints = hints.slice(0, MAX_HINTS)
  }

  const counts: PreviewCounts = { new: 0, update: 0, unchanged: 0, error: 0, duplicate: 0 }
  for (const { preview } of planned) {
    counts[preview.fate]++
    if (preview.hints.length > 0) counts.duplicate++
  }
  const { rows: _rows, ...facts } = file
  return { facts, rows: planned.map((p) => p.preview), counts, planned }
}

/* ---------- The use cases ---------- */

export type PreviewResult = { ok: true; plan: RosterPlan } | RosterReadError

/** What importing these bytes would do, row by row. Nothing is written. */
export function previewRoster(ctx: AppContext, bytes: Uint8Array): PreviewResult {
  const read = readRosterFile(bytes)
  if (!read.ok) return read
  return { ok: true, plan: planImport(ctx.db, read.file, ctx.now()) }
}

export type ApplyResult = { ok: true; importId: number; counts: PreviewCounts; rows: number } | RosterReadError

/**
 * Applies the import of these bytes: the plan is made again inside one IMMEDIATE transaction
 * (taking the write lock first, so that two imports at once run one after the other and the
 * second sees the first's rows), new rows inserted, changed rows updated, error rows skipped, and
 * one `roster_imports` row records the file and its counts — also when nothing changed, so that
 * the history shows the re-import; rows that did not change are not written at all.
 */
export function applyRoster(ctx: AppContext, input: { bytes: Uint8Array; filename: string; by: string }): ApplyResult {
  const read = readRosterFile(input.bytes)
  if (!read.ok) return read
  const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex')
  return ctx.db.transaction(
    (tx) => {
      const now = ctx.now()
      const plan = planImport(tx, read.file, now)
      const { error, new: created, update, unchanged } = plan.counts
      const importId = tx
        .insert(rosterImports)
        .values({
          filename: input.filename.slice(0, 200),
          sha256,
          rows: plan.rows.length,
          counts: JSON.stringify({ new: created, update, unchanged, error }),
          importedBy: input.by,
          importedAt: now,
        })
        .returning({ id: rosterImports.id })
        .get().id
      const p = (name: string) => sql.placeholder(name)
      const insert = tx
        .insert(graduates)
        .values({
          lastName: p('lastName'),
          firstName: p('firstName'),
          birthName: p('birthName'),
          promotion: p('promotion'),
          email: p('email'),
          schoolId: p('schoolId'),
          matchKey: p('matchKey'),
          birthMatchKey: p('birthMatchKey'),
          importId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: graduates.id })
        .prepare()
      const addDiploma = tx
        .insert(graduateDiplomas)
        .values({ graduateId: p('graduateId'), diploma: p('diploma') })
        .onConflictDoNothing()
        .prepare()
      for (const { preview, candidate, known } of plan.planned) {
        if (!candidate || preview.fate === 'unchanged') continue
        const { diplomas, ...fields } = candidate
        let id: number
        if (known) {
          id = known.id
          tx.update(graduates)
            .set({ ...updated(known, preview.changes), importId, updatedAt: now })
            .where(eq(graduates.id, known.id))
            .run()
        } else id = insert.get(fields)!.id
        for (const diploma of diplomas) addDiploma.run({ graduateId: id, diploma })
      }
      return { ok: true as const, importId, counts: plan.counts, rows: plan.rows.length }
    },
    { behavior: 'immediate' },
  )
}

/** The latest imports, for the page's history. */
export function recentImports(ctx: AppContext, limit = 5) {
  return ctx.db
    .select({
      id: rosterImports.id,
      filename: rosterImports.filename,
      rows: rosterImports.rows,
      counts: rosterImports.counts,
      importedAt: rosterImports.importedAt,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(rosterImports)
    .leftJoin(users, eq(users.id, rosterImports.importedBy))
    .orderBy(sql`${rosterImports.id} desc`)
    .limit(limit)
    .all()
    .map((r) => ({
      ...r,
      counts: JSON.parse(r.counts) as Record<'new' | 'update' | 'unchanged' | 'error', number>,
      by: r.firstName ? `${r.firstName} ${r.lastName}` : null,
    }))
}
