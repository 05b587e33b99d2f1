import { formatDate, translate, type Locale, type MessageKey } from '~/i18n'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'
import type { DecisionRow } from '~/features/moderation/appeals-token.server'
import { appealDeadline, appealUrl } from '~/features/moderation/appeals-token.server'
import type { ModerationTx } from '~/features/moderation/restrictions.server'
import { clauseUrl } from '~/features/moderation/clauses.server'
import { mailAccount, mailedAccount } from '~/features/moderation/moderation-mail.server'

/** The statement's practical lines (decision, date, clause, duration), in the mail's language. */
function statementDetails(ctx: AppContext, locale: Locale, decision: DecisionRow, baseUrl: string) {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)
  const lines = [
    { label: t('moderation.statement.decision'), value: t(`moderation.action.${decision.action}` as MessageKey) },
    { label: t('moderation.statement.date'), value: formatDate(locale, decision.decidedAt) },
  ]
  if (decision.clause)
    lines.push({
      label: t('moderation.statement.clause'),
      value: `${t('moderation.statement.clauseValue', { clause: decision.clause })} — ${clauseUrl(ctx, baseUrl, decision.clause, decision.decidedAt)}`,
    })
  if (decision.durationDays && decision.endsAt)
    lines.push({
      label: t('moderation.statement.duration'),
      value: t('moderation.statement.durationValue', { count: decision.durationDays, date: formatDate(locale, decision.endsAt) }),
    })
  return lines
}

/** Mails of the desk and of appeals, queued inside the transaction of the change they report. */
export const decisionMails = {
  /**
   * The statement of reasons to the person concerned: what was decided, on which facts, under
   * which clause, for how long, what it changes, and how to contest it without logging in.
   */
  statement(ctx: AppContext, tx: ModerationTx, decision: DecisionRow, input: { token: string; baseUrl: string; targetTitle: string }) {
    const to = mailedAccount(tx, decision.subjectUserId)
    if (!to) return
    const { locale } = to
    const deadline = formatDate(locale, appealDeadline(decision))
    const paragraphs: { key: MessageKey; params?: Record<string, string | number> }[] = [
      {
        key: `moderation.mail.statement.intro.${decision.action}` as MessageKey,
        params: {
          target:
            decision.targetKind === 'member' || !input.targetTitle
              ? translate(locale, `moderation.mail.target.${decision.targetKind}` as MessageKey)
              : `« ${input.targetTitle} »`,
        },
      },
      { key: 'moderation.mail.statement.facts', params: { facts: decision.facts } },
    ]
    if (decision.action === 'deactivate') paragraphs.push({ key: 'moderation.mail.statement.deactivateEffects' })
    if (decision.action === 'restrict') paragraphs.push({ key: 'moderation.mail.statement.restrictEffects' })
    if (decision.action === 'reactivate') paragraphs.push({ key: 'moderation.mail.statement.reactivateEffects' })
    paragraphs.push({ key: 'moderation.mail.statement.appeal', params: { date: deadline } })
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: to.email,
        locale,
        firstName: to.firstName,
        subject: 'moderation.mail.statement.subject',
        paragraphs,
        details: statementDetails(ctx, locale, decision, input.baseUrl),
        action: { label: 'moderation.appeal.contest', url: appealUrl(input.baseUrl, input.token) },
      }),
      { kind: 'moderation.statement', dedupeKey: `moderation.statement:${decision.id}` },
    )
  },

  /** After reactivation (a decision or a reversed appeal): paid tickets refunded at deactivation are not booked again. */
  ticketsNotRebooked(ctx: AppContext, tx: ModerationTx, input: { userId: string; events: string[]; key: string }) {
    const to = mailedAccount(tx, input.userId)
    if (!to || input.events.length === 0) return
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: to.email,
        locale: to.locale,
        firstName: to.firstName,
        subject: 'moderation.mail.tickets.subject',
        paragraphs: [
          { key: 'moderation.mail.tickets.body', params: { count: input.events.length, events: input.events.join(', ') } },
          { key: 'moderation.mail.tickets.next' },
        ],
      }),
      { kind: 'moderation.ticketsNotRebooked', dedupeKey: `moderation.ticketsNotRebooked:${input.key}` },
    )
  },

  /** The person learns their appeal is recorded, and by when a webmaster looks at it. */
  appealReceived(ctx: AppContext, tx: ModerationTx, decision: DecisionRow) {
    mailAccount(
      ctx,
      tx,
      decision.subjectUserId,
      (to) => ({
        subject: 'moderation.mail.appealReceived.subject',
        paragraphs: [
          { key: 'moderation.mail.appealReceived.body', params: { date: formatDate(to.locale, decision.decidedAt) } },
          { key: 'moderation.mail.appealReceived.next' },
        ],
      }),
      { kind: 'moderation.appealReceived', dedupeKey: `moderation.appealReceived:${decision.id}` },
    )
  },

  /** The webmaster the appeal went to (not the one who decided, when there is another). */
  appealAssigned(ctx: AppContext, tx: ModerationTx, input: { assigneeId: string; appealId: number; baseUrl: string }) {
    mailAccount(
      ctx,
      tx,
      input.assigneeId,
      () => ({
        subject: 'moderation.mail.appealAssigned.subject',
        paragraphs: [{ key: 'moderation.mail.appealAssigned.body' }],
        action: {
          label: 'moderation.mail.appealAssigned.action',
          url: new URL(`/admin/moderation/recours#recours-${input.appealId}`, input.baseUrl).toString(),
        },
      }),
      { kind: 'moderation.appealAssigned', dedupeKey: `moderation.appealAssigned:${input.appealId}` },
    )
  },

  /** The answer: the decision upheld or reversed, with the webmaster's reasons and what a reversal brought back. */
  appealAnswered(
    ctx: AppContext,
    tx: ModerationTx,
    input: { decision: DecisionRow; appealId: number; outcome: 'upheld' | 'reversed'; answer: string; ticketsNotRebooked: string[] },
  ) {
    const to = mailedAccount(tx, input.decision.subjectUserId)
    if (!to) return
    const paragraphs: { key: MessageKey; params?: Record<string, string | number> }[] = [
      {
        key: input.outcome === 'reversed' ? 'moderation.mail.appealAnswered.reversed' : 'moderation.mail.appealAnswered.upheld',
        params: { date: formatDate(to.locale, input.decision.decidedAt) },
      },
      { key: 'moderation.mail.appealAnswered.answer', params: { answer: input.answer } },
    ]
    if (input.outcome === 'reversed' && input.decision.action === 'deactivate') paragraphs.push({ key: 'moderation.mail.statement.reactivateEffects' })
    if (input.ticketsNotRebooked.length > 0)
      paragraphs.push({ key: 'moderation.mail.tickets.body', params: { count: input.ticketsNotRebooked.length, events: input.ticketsNotRebooked.join(', ') } })
    if (input.outcome === 'upheld') paragraphs.push({ key: 'moderation.mail.appealAnswered.final' })
    ctx.mail.enqueue(
      composeMail(ctx.config, { to: to.email, locale: to.locale, firstName: to.firstName, subject: 'moderation.mail.appealAnswered.subject', paragraphs }),
      { kind: 'moderation.appealAnswered', dedupeKey: `moderation.appealAnswered:${input.appealId}` },
    )
  },
}
