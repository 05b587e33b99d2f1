import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { campaigns, groups, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Viewer } from '~/shared/viewer'
import { letterMail, renderLetterBody } from '~/features/campaigns/campaign-mail.server'
import { CAMPAIGN_BATCH, readSegment, type CampaignProgress, type Segment } from '~/features/campaigns/schema'
import { letterKeyPrefix, nextRecipients, segmentCount } from '~/features/campaigns/segments.server'
import { rooms } from '~/shared/rooms'

// « La lettre de l'Amicale » (issue #17): a webmaster's drafts, and their sending. A send turns
// the draft into `sending` in one IMMEDIATE transaction (a second click, or a second process,
// finds it no longer a draft and does nothing), then writes the recipients' mails to the durable
// queue batch by batch, each batch in one transaction with the letter's progress. Every mail has
// the dedupe key `campaign:<id>:<address>`: a send interrupted anywhere resumes where the queue
// says it stopped, nobody skipped and nobody written to twice.

export type Campaign = typeof campaigns.$inferSelect
export type CampaignInput = { subject: string; body: string; segment: Segment }

export function listCampaigns(ctx: AppContext, { page, perPage }: { page: number; perPage: number }) {
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(campaigns)
      .get()?.n ?? 0
  const rows = ctx.db
    .select({
      id: campaigns.id,
      subject: campaigns.subject,
      segment: campaigns.segment,
      status: campaigns.status,
      total: campaigns.total,
      queued: campaigns.queued,
      createdAt: campaigns.createdAt,
      updatedAt: campaigns.updatedAt,
      sentAt: campaigns.sentAt,
      author: sql<string | null>`(select ${users.firstName} || ' ' || ${users.lastName} from ${users} where ${users.id} = ${campaigns.createdBy})`,
    })
    .from(campaigns)
    .orderBy(desc(campaigns.updatedAt), desc(campaigns.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all()
  return { rows: rows.map((r) => ({ ...r, segment: readSegment(r.segment) })), total }
}

export function campaignById(ctx: AppContext, id: number): Campaign | null {
  return ctx.db.select().from(campaigns).where(eq(campaigns.id, id)).get() ?? null
}

export const progressOf = (row: Pick<Campaign, 'id' | 'status' | 'total' | 'queued'>): CampaignProgress => ({
  campaignId: row.id,
  status: row.status,
  total: row.total,
  queued: row.queued,
})

export type SegmentProblem = 'unknownGroup'

/** What the segment's schema cannot know: every group named exists and is active. */
export function segmentProblem(ctx: AppContext, segment: Segment): SegmentProblem | null {
  if (segment.kind !== 'groups') return null
  const found = ctx.db
    .select({ id: groups.id })
    .from(groups)
    .where(and(inArray(groups.id, segment.groupIds), eq(groups.status, 'active')))
    .all()
  return found.length === new Set(segment.groupIds).size ? null : 'unknownGroup'
}

export function createDraft(ctx: AppContext, viewer: Viewer, input: CampaignInput): number {
  const now = ctx.now()
  return ctx.db
    .insert(campaigns)
    .values({ subject: input.subject, body: input.body, segment: JSON.stringify(input.segment), createdBy: viewer.id, createdAt: now, updatedAt: now })
    .returning({ id: campaigns.id })
    .get().id
}

export type DraftResult = { ok: true } | { ok: false; error: 'notFound' | 'notDraft' }

function draftWrite(ctx: AppContext, id: number, changes: number): DraftResult {
  if (changes > 0) return { ok: true }
  return campaignById(ctx, id) ? { ok: false, error: 'notDraft' } : { ok: false, error: 'notFound' }
}

/** A draft only: once its send began, a letter is what was sent and stays so. */
export function updateDraft(ctx: AppContext, id: number, input: CampaignInput): DraftResult {
  const { changes } = ctx.db
    .update(campaigns)
    .set({ subject: input.subject, body: input.body, segment: JSON.stringify(input.segment), updatedAt: ctx.now() })
    .where(and(eq(campaigns.id, id), eq(campaigns.status, 'draft')))
    .run()
  return draftWrite(ctx, id, changes)
}

export function deleteDraft(ctx: AppContext, id: number): DraftResult {
  const { changes } = ctx.db
    .delete(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.status, 'draft')))
    .run()
  return draftWrite(ctx, id, changes)
}

/** The count the webmaster sees before sending: recipients after consents and opt-outs, and how many those left out. */
export function countRecipients(ctx: AppContext, segment: Segment) {
  return segmentCount(ctx.db, segment)
}

/** The webmaster's own copy, composed as the letter will be (their name, their language, their unsubscribe link). */
export function sendTestLetter(ctx: AppContext, viewer: Viewer, id: number, baseUrl: string): { ok: true; email: string } | { ok: false; error: 'notFound' } {
  return ctx.db.transaction((tx) => {
    const campaign = tx.select().from(campaigns).where(eq(campaigns.id, id)).get()
    const me = tx.select({ email: users.email, firstName: users.firstName, locale: users.locale }).from(users).where(eq(users.id, viewer.id)).get()
    if (!campaign || !me) return { ok: false as const, error: 'notFound' as const }
    const mail = letterMail(
      ctx,
      { subject: campaign.subject, body: renderLetterBody(ctx, campaign.body) },
      { email: me.email, firstName: me.firstName, locale: me.locale, userId: viewer.id },
      baseUrl,
      { test: true },
    )
    ctx.mail.enqueue(mail, { kind: 'campaigns.test' })
    return { ok: true as const, email: me.email }
  })
}

export type StartError = 'notFound' | 'notDraft' | 'badSegment' | 'nobody'

/**
 * Draft → sending, with the count of now as its total, in one IMMEDIATE transaction: of two
 * clicks (two tabs, two processes) one starts the send and the other finds it started.
 */
export function startCampaignSend(ctx: AppContext, id: number): { ok: true; progress: CampaignProgress } | { ok: false; error: StartError } {
  const now = ctx.now()
  const result = ctx.db.transaction(
    (tx): { ok: true; progress: CampaignProgress } | { ok: false; error: StartError } => {
      const campaign = tx.select().from(campaigns).where(eq(campaigns.id, id)).get()
      if (!campaign) return { ok: false, error: 'notFound' }
      if (campaign.status !== 'draft') return { ok: false, error: 'notDraft' }
      const segment = readSegment(campaign.segment)
      if (!segment) return { ok: false, error: 'badSegment' }
      const { recipients } = segmentCount(tx, segment)
      if (recipients === 0) return { ok: false, error: 'nobody' }
      const started = tx
        .update(campaigns)
        .set({ status: 'sending', total: recipients, queued: 0, updatedAt: now })
        .where(and(eq(campaigns.id, id), eq(campaigns.status, 'draft')))
        .returning()
        .get()
      return { ok: true, progress: progressOf(started!) }
    },
    { behavior: 'immediate' },
  )
  if (result.ok) publishProgress(ctx, result.progress)
  return result
}

function publishProgress(ctx: AppContext, progress: CampaignProgress) {
  ctx.bus.publish({ type: 'campaign:progress', room: rooms.webmasters, payload: progress })
}

/**
 * Works through a send, a batch at a time, until the queue holds a mail for every recipient; then
 * the letter is `sent`, its total what was written (people who withdrew meanwhile are not in it).
 * Safe to run twice at once, in one process or two: each batch reads who is left and writes their
 * mails under the write lock, and the dedupe key refuses a second mail to an address.
 */
export async function runCampaignSend(ctx: AppContext, id: number, baseUrl: string, stopped: () => boolean = () => false): Promise<CampaignProgress | null> {
  const cached: { body?: ReturnType<typeof renderLetterBody> } = {}
  for (;;) {
    const now = ctx.now()
    const step = ctx.db.transaction(
      (tx): { done: boolean; row: Campaign | undefined } => {
        const campaign = tx.select().from(campaigns).where(eq(campaigns.id, id)).get()
        if (!campaign || campaign.status !== 'sending') return { done: true, row: campaign }
        const segment = readSegment(campaign.segment)
        const batch = segment ? nextRecipients(tx, id, segment, CAMPAIGN_BATCH) : []
        if (batch.length === 0) {
          const finished = tx
            .update(campaigns)
            .set({ status: 'sent', total: campaign.queued, sentAt: now, updatedAt: now })
            .where(and(eq(campaigns.id, id), eq(campaigns.status, 'sending')))
            .returning()
            .get()
          return { done: true, row: finished }
        }
        cached.body ??= renderLetterBody(ctx, campaign.body)
        const letter = { subject: campaign.subject, body: cached.body }
        let written = 0
        for (const recipient of batch) {
          const queued = ctx.mail.enqueue(letterMail(ctx, letter, recipient, baseUrl), {
            kind: 'campaigns.letter',
            dedupeKey: `${letterKeyPrefix(id)}${recipient.email}`,
          })
          if (queued !== null) written++
        }
        // People who joined the segment since the count keep the bar at or under 100 %.
        const row = tx
          .update(campaigns)
          .set({ queued: sql`${campaigns.queued} + ${written}`, total: sql`max(${campaigns.total}, ${campaigns.queued} + ${written})`, updatedAt: now })
          .where(eq(campaigns.id, id))
          .returning()
          .get()
        return { done: false, row }
      },
      { behavior: 'immediate' },
    )
    if (step.row) publishProgress(ctx, progressOf(step.row))
    if (step.done || stopped()) return step.row ? progressOf(step.row) : null
    // Other requests get their turn between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Letters a stopped process left `sending`: the sweep carries them on. */
export function unfinishedCampaigns(ctx: AppContext): number[] {
  return ctx.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.status, 'sending'))
    .all()
    .map((r) => r.id)
}

/** This process's sends under way, and whether it is shutting down. */
const inFlight = new WeakMap<AppContext, { sends: Map<number, Promise<void>>; stopping: boolean }>()
function inFlightOf(ctx: AppContext) {
  let state = inFlight.get(ctx)
  if (!state) inFlight.set(ctx, (state = { sends: new Map(), stopping: false }))
  return state
}

/**
 * Runs a send unless this process already does (the page's click and the sweep may both ask);
 * another process running it too is harmless (see `runCampaignSend`). Errors are logged.
 */
export function driveCampaignSend(ctx: AppContext, id: number, baseUrl: string): Promise<void> {
  const state = inFlightOf(ctx)
  if (state.stopping) return Promise.resolve()
  const current = state.sends.get(id)
  if (current) return current
  const run = runCampaignSend(ctx, id, baseUrl, () => state.stopping)
    .then(() => undefined)
    .catch((error: unknown) => ctx.logger.error({ err: error, campaignId: id }, 'campaign send failed'))
    .finally(() => state.sends.delete(id))
  state.sends.set(id, run)
  return run
}

/** At shutdown: every send of this process stops after its batch in hand; the next start carries it on. */
export function stopCampaignSends(ctx: AppContext): Promise<unknown> {
  const state = inFlightOf(ctx)
  state.stopping = true
  return Promise.all(state.sends.values())
}
