// A preview row in words, for the page and for the downloadable CSV alike (browser-safe).
import type { MessageKey, Translate } from '~/i18n'
import type { PreviewRow, RosterColumn, RosterField, RosterHint } from '~/features/roster/schema'

export const COLUMN_KEYS: Record<RosterColumn, MessageKey> = {
  lastName: 'roster.column.lastName',
  firstName: 'roster.column.firstName',
  birthName: 'roster.column.birthName',
  promotion: 'roster.column.promotion',
  diplomas: 'roster.column.diplomas',
  email: 'roster.column.email',
  schoolId: 'roster.column.schoolId',
}

export const FATE_KEYS: Record<PreviewRow['fate'], MessageKey> = {
  new: 'roster.preview.fate.new',
  update: 'roster.preview.fate.update',
  unchanged: 'roster.preview.fate.unchanged',
  error: 'roster.preview.fate.error',
}

const ERROR_KEYS: Record<PreviewRow['errors'][number]['reason'], MessageKey> = {
  lastName: 'roster.preview.rowError.lastName',
  firstName: 'roster.preview.rowError.firstName',
  promotion: 'roster.preview.rowError.promotion',
  email: 'roster.preview.rowError.email',
  tooLong: 'roster.preview.rowError.tooLong',
  schoolIdTwice: 'roster.preview.rowError.schoolIdTwice',
}

const fieldLabel = (t: Translate, field: RosterField) => {
  const text = t(COLUMN_KEYS[field])
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}

export function errorText(t: Translate, error: PreviewRow['errors'][number], range: { min: number; max: number }): string {
  const value = error.reason === 'tooLong' && error.value ? t(COLUMN_KEYS[error.value as RosterColumn] ?? 'roster.column.lastName') : (error.value ?? '')
  return t(ERROR_KEYS[error.reason], { value, ...range })
}

export function changeText(t: Translate, change: PreviewRow['changes'][number]): string {
  return t('roster.preview.change', { field: fieldLabel(t, change.field), from: change.from ?? t('roster.preview.none'), to: change.to })
}

export function hintText(t: Translate, hint: RosterHint): string {
  if (hint.kind === 'fileRow') return t(hint.by === 'name' ? 'roster.preview.hint.fileRow.name' : 'roster.preview.hint.fileRow.email', { line: hint.line })
  if (hint.kind === 'rosterRow') return t('roster.preview.hint.rosterRow', { name: hint.name, id: hint.graduateId })
  return t(hint.by === 'name' ? 'roster.preview.hint.account.name' : 'roster.preview.hint.account.email', { name: hint.name })
}

/** Everything the page says of a row after its fate: what changes, what is wrong, what it may duplicate. */
export function rowDetails(t: Translate, row: PreviewRow, range: { min: number; max: number }): string[] {
  return [...row.errors.map((e) => errorText(t, e, range)), ...row.changes.map((c) => changeText(t, c)), ...row.hints.map((h) => hintText(t, h))]
}
