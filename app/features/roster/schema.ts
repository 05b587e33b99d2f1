// The graduates' list (« fichier des diplômés », issue #17), its browser-safe side: the limits of
// an import, the promotion range of a row, what a preview says of each row, the list's filters.
import { z } from 'zod'

/** An import's file: beyond this it is not read. */
export const MAX_ROSTER_BYTES = 10 * 1024 * 1024
/** An import's rows (the header not counted). */
export const MAX_ROSTER_ROWS = 50_000
/** A name, a birth name. */
export const NAME_MAX = 100
export const SCHOOL_ID_MAX = 64
export const DIPLOMA_MAX = 200
/** Diplomas kept for one row (a longer list is cut: no school awards more). */
export const DIPLOMAS_PER_ROW = 10
/** Rows shown per page of a preview and of the list. */
export const PREVIEW_PAGE_SIZE = 50
export const ROSTER_PAGE_SIZE = 50
/** A stored upload (and its signed token) serves this long, then it is gone. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60_000

/** A graduate's promotion on the school's list: a year between 1900 and next year (a list holds graduates, not students). */
export function rosterPromotionRange(now: Date): { min: number; max: number } {
  return { min: 1900, max: now.getFullYear() + 1 }
}

export function isRosterPromotion(value: number, now: Date): boolean {
  const { min, max } = rosterPromotionRange(now)
  return Number.isInteger(value) && value >= min && value <= max
}

export const rosterEmail = z.string().max(254).email()

/** The columns an import understands; the header names them in French or English. */
export const ROSTER_COLUMNS = ['lastName', 'firstName', 'birthName', 'promotion', 'diplomas', 'email', 'schoolId'] as const
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['lastName', 'firstName', 'promotion']

/** What an import does to a row of the file. */
export const ROSTER_FATES = ['new', 'update', 'unchanged', 'error'] as const
export type RosterFate = (typeof ROSTER_FATES)[number]
/** The preview's filters: a fate, or the rows flagged as possible duplicates (whatever their fate). */
export const PREVIEW_FILTERS = ['changes', 'new', 'update', 'error', 'duplicate', 'unchanged'] as const
export type PreviewFilter = (typeof PREVIEW_FILTERS)[number]

export const ROW_ERRORS = ['lastName', 'firstName', 'promotion', 'email', 'tooLong', 'schoolIdTwice'] as const
export type RowError = (typeof ROW_ERRORS)[number]

/** The fields an update changes, shown old → new. */
export type RosterField = 'lastName' | 'firstName' | 'birthName' | 'promotion' | 'email' | 'schoolId' | 'diplomas'
export interface RosterChange {
  field: RosterField
  from: string | null
  to: string
}

/**
 * Why a row may be someone already known, for the webmaster to see (nothing is decided on it):
 * another row of the file with the same name and promotion or the same address, a row of the list
 * without school id that the import could not pair with it, an account with the same name and
 * promotion or the same address (« compte existant possible »).
 */
export type RosterHint =
  | { kind: 'fileRow'; line: number; by: 'name' | 'email' }
  | { kind: 'rosterRow'; graduateId: number; name: string }
  | { kind: 'account'; name: string; by: 'name' | 'email' }

export interface PreviewRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  line: number
  fate: RosterFate
  lastName: string
  firstName: string
  birthName: string | null
  /** As written in the file (an error may be about it). */
  promotion: string
  email: string | null
  schoolId: string | null
  diplomas: string[]
  changes: RosterChange[]
  errors: { reason: RowError; value?: string }[]
  hints: RosterHint[]
}

export type PreviewCounts = Record<RosterFate | 'duplicate', number>

/** Which file was read, and how. */
export interface RosterFileFacts {
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le'
  bom: boolean
  separator: ';' | ',' | '\t'
  /** Header cells the import does not understand, left aside. */
  ignoredColumns: string[]
  columns: RosterColumn[]
}

export function rowMatchesFilter(row: Pick<PreviewRow, 'fate' | 'hints'>, filter: PreviewFilter): boolean {
  if (filter === 'changes') return row.fate !== 'unchanged'
  if (filter === 'duplicate') return row.hints.length > 0
  return row.fate === filter
}

export function isPreviewFilter(value: string | null): value is PreviewFilter {
  return PREVIEW_FILTERS.some((f) => f === value)
}

/** The list's filters (a GET form): unknown values are no filter. */
export const ROSTER_LINKS = ['claimed', 'unclaimed'] as const
export type RosterLink = (typeof ROSTER_LINKS)[number]

export function rosterListQuery(params: URLSearchParams, now: Date) {
  const q = (params.get('q') ?? '').trim().slice(0, 100)
  const promotion = Number(params.get('promotion'))
  const link = params.get('compte')
  return {
    q,
    promotion: params.get('promotion') && isRosterPromotion(promotion, now) ? promotion : undefined,
    link: ROSTER_LINKS.find((l) => l === link),
  }
}
export type RosterListQuery = ReturnType<typeof rosterListQuery>
