import type { AppContext } from '~/context.server'
import { toCsv } from '~/features/events/event-files.server'
import type { Translate } from '~/i18n'
import { FATE_KEYS, rowDetails } from '~/features/roster/preview-text'
import { previewRoster, applyRoster, type ApplyResult, type RosterReadError } from '~/features/roster/roster-import.server'
import { claimRosterUpload, discardClaimedUpload, readRosterUpload, storeRosterUpload, uploadOfToken } from '~/features/roster/roster-uploads.server'
import { readRosterFile } from '~/features/roster/roster-csv.server'
import { PREVIEW_FILTERS, PREVIEW_PAGE_SIZE, rosterPromotionRange, rowMatchesFilter, type PreviewFilter } from '~/features/roster/schema'

// The preview's round trip (issue #17): the posted file is read (a file that is no list is
// refused at once, nothing kept), stored for the day, and the page shows its preview from the
// stored copy, filtered and a page at a time — 20,000 rows never make a 20,000-row page. The
// apply takes the stored copy once.

export type PreviewUpload = { ok: true; token: string } | RosterReadError

/** Checks the posted file and keeps it for its preview and apply; writes nothing in the database. */
export async function startRosterPreview(ctx: AppContext, input: { bytes: Uint8Array; filename: string; by: string }): Promise<PreviewUpload> {
  // Only the file is checked here; the rows are matched by the page that shows them.
  const read = readRosterFile(input.bytes)
  if (!read.ok) return read
  return { ok: true, token: await storeRosterUpload(ctx, input) }
}

/** A page of the preview a token names, or `expired` when its file is gone (applied, swept) or the token is not this webmaster's. */
export async function rosterPreviewView(ctx: AppContext, input: { token: string; viewerId: string; filter: PreviewFilter; page: number }) {
  const upload = uploadOfToken(ctx, input.token, input.viewerId)
  const bytes = upload && (await readRosterUpload(ctx, upload))
  const preview = bytes && previewRoster(ctx, bytes)
  if (!upload || !preview || !preview.ok) return { state: 'expired' as const }
  const { plan } = preview
  const filterCounts = Object.fromEntries(PREVIEW_FILTERS.map((f) => [f, plan.rows.filter((r) => rowMatchesFilter(r, f)).length])) as Record<
    PreviewFilter,
    number
  >
  const matching = plan.rows.filter((r) => rowMatchesFilter(r, input.filter))
  const pages = Math.max(1, Math.ceil(matching.length / PREVIEW_PAGE_SIZE))
  const page = Math.min(input.page, pages)
  return {
    state: 'ready' as const,
    token: input.token,
    filename: upload.filename,
    facts: plan.facts,
    counts: plan.counts,
    total: plan.rows.length,
    filter: input.filter,
    filterCounts,
    matching: matching.length,
    page,
    pages,
    from: (page - 1) * PREVIEW_PAGE_SIZE,
    rows: matching.slice((page - 1) * PREVIEW_PAGE_SIZE, page * PREVIEW_PAGE_SIZE),
    range: rosterPromotionRange(ctx.now()),
  }
}

/** The whole preview as a spreadsheet: one line per row of the file, its fate and why (formula cells neutralised). */
export async function rosterPreviewCsv(ctx: AppContext, input: { token: string; viewerId: string; t: Translate }): Promise<string | null> {
  const upload = uploadOfToken(ctx, input.token, input.viewerId)
  const bytes = upload && (await readRosterUpload(ctx, upload))
  const preview = bytes && previewRoster(ctx, bytes)
  if (!preview || !preview.ok) return null
  const { t } = input
  const range = rosterPromotionRange(ctx.now())
  const columns = ['lastName', 'firstName', 'birthName', 'promotion', 'diplomas', 'email', 'schoolId'] as const
  return toCsv(
    [t('roster.csv.line'), ...columns.map((c) => t(`roster.column.${c}`)), t('roster.csv.fate'), t('roster.csv.details')],
    preview.plan.rows.map((r) => [
      r.line,
      r.lastName,
      r.firstName,
      r.birthName,
      r.promotion,
      r.diplomas.join(' | '),
      r.email,
      r.schoolId,
      t(FATE_KEYS[r.fate]),
      rowDetails(t, r, range).join(' '),
    ]),
  )
}

export type ApplyUpload = ApplyResult | { ok: false; error: 'expired' } | { ok: false; error: 'applied' }

/** Applies the stored file a token names, once: the file is taken first, and removed after. */
export async function applyRosterPreview(ctx: AppContext, input: { token: string; viewerId: string }): Promise<ApplyUpload> {
  const upload = uploadOfToken(ctx, input.token, input.viewerId)
  if (!upload) return { ok: false, error: 'expired' }
  const claimed = await claimRosterUpload(ctx, upload)
  if (!claimed) return { ok: false, error: 'applied' }
  try {
    return applyRoster(ctx, { bytes: claimed.bytes, filename: upload.filename, by: input.viewerId })
  } finally {
    await discardClaimedUpload(claimed.claimed)
  }
}
