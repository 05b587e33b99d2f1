import type { AppContext } from '~/context.server'
import { formatDate } from '~/i18n'
import { mailAccount, type AccountMail } from '~/features/moderation/moderation-mail.server'
import type { ReportTarget } from '~/features/moderation/schema'

type Ctx = Pick<AppContext, 'db' | 'mail' | 'config'>

const link = (ctx: Ctx, path: string) => new URL(path, ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`).toString()

/**
 * The reports' mails, queued inside the transaction of the change they report. None says who
 * reported: a restricted member or a held content's author learns that reports were made, not by whom.
 */
export const reportsMails = {
  /** The reporter learns the report reached the webmasters, and that they will hear of the outcome. */
  received(ctx: Ctx, input: { reportId: number; reporterId: string; kind: ReportTarget; title: string }) {
    mailAccount(
      ctx,
      ctx.db,
      input.reporterId,
      () => ({
        subject: 'moderation.reports.mail.received.subject',
        paragraphs: [
          { key: 'moderation.reports.mail.received.body', params: { kind: input.kind, title: input.title } },
          { key: 'moderation.reports.mail.received.next' },
        ],
      }),
      { kind: 'moderation.reportReceived', dedupeKey: `moderation.reportReceived:${input.reportId}` },
    )
  },

  /** The member restricted by the threshold learns what they cannot do, until when, and what comes next. */
  restricted(ctx: Ctx, input: { userId: string; restrictionId: number }) {
    mailAccount(
      ctx,
      ctx.db,
      input.userId,
      () => ({
        subject: 'moderation.reports.mail.restricted.subject',
        paragraphs: [
          { key: 'moderation.reports.mail.restricted.body' },
          { key: 'moderation.reports.mail.restricted.what' },
          { key: 'moderation.reports.mail.restricted.next' },
          { key: 'moderation.reports.mail.restricted.contact' },
        ],
        action: { label: 'moderation.reports.mail.restricted.action', url: link(ctx, '/contact') },
      }),
      { kind: 'moderation.restricted', dedupeKey: `moderation.restricted:${input.restrictionId}` },
    )
  },

  /** The author of held content learns it is hidden, that they see it still, and may edit it once. */
  held(ctx: Ctx, input: { authorId: string; kind: ReportTarget; title: string; path: string; heldAt: Date }) {
    mailAccount(
      ctx,
      ctx.db,
      input.authorId,
      () => ({
        subject: 'moderation.reports.mail.held.subject',
        paragraphs: [
          { key: 'moderation.reports.mail.held.body', params: { kind: input.kind, title: input.title } },
          { key: 'moderation.reports.mail.held.edit' },
          { key: 'moderation.reports.mail.held.next' },
        ],
        action: { label: 'moderation.reports.mail.held.action', url: link(ctx, input.path) },
      }),
      { kind: 'moderation.held', dedupeKey: `moderation.held:${input.kind}:${input.path}:${input.heldAt.getTime()}` },
    )
  },

  /** The reporter hears the outcome: dismissed (nothing against the terms) or acted on, never the sanction itself. */
  outcome(ctx: Ctx, input: { reportId: number; reporterId: string; kind: ReportTarget; title: string; outcome: 'dismissed' | 'actioned'; createdAt: Date }) {
    mailAccount(
      ctx,
      ctx.db,
      input.reporterId,
      (user) => ({
        subject: 'moderation.reports.mail.outcome.subject',
        paragraphs: [
          {
            key: 'moderation.reports.mail.outcome.intro',
            params: { kind: input.kind, title: input.title, date: formatDate(user.locale, input.createdAt) },
          },
          { key: input.outcome === 'dismissed' ? 'moderation.reports.mail.outcome.dismissed' : 'moderation.reports.mail.outcome.actioned' },
          { key: 'moderation.reports.mail.outcome.thanks' },
        ],
      }),
      { kind: 'moderation.reportOutcome', dedupeKey: `moderation.reportOutcome:${input.reportId}` },
    )
  },

  /** One webmaster's digest of the reports left unhandled for 48 hours. */
  reminder(ctx: Ctx, input: { webmasterId: string; count: number; targets: number; oldest: Date; batch: string }) {
    mailAccount(
      ctx,
      ctx.db,
      input.webmasterId,
      (user): AccountMail => ({
        subject: 'moderation.reports.mail.reminder.subject',
        paragraphs: [
          { key: 'moderation.reports.mail.reminder.body', params: { count: input.count, targets: input.targets } },
          { key: 'moderation.reports.mail.reminder.oldest', params: { date: formatDate(user.locale, input.oldest) } },
        ],
        action: { label: 'moderation.reports.mail.reminder.action', url: link(ctx, '/admin/moderation') },
      }),
      { kind: 'moderation.reportReminder', dedupeKey: `moderation.reportReminder:${input.batch}:${input.webmasterId}` },
    )
  },
}
