import { formatDate, type MessageKey } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import type { Statement } from '~/features/moderation/decisions.server'

/**
 * The statement of reasons as a page shows it: the decision, its date, the facts, the clause (a
 * link to it in the terms) and the duration. The facts are the webmaster's text: rendered as text.
 */
export function DecisionStatement({ statement, clauseHref, headingLevel = 2 }: { statement: Statement; clauseHref?: string | null; headingLevel?: 2 | 5 }) {
  const t = useT()
  const { locale } = useRootData()
  const Heading = headingLevel === 2 ? 'h2' : 'h5'
  return (
    <section className="card statement" aria-labelledby={`statement-${statement.decisionId}`}>
      <Heading id={`statement-${statement.decisionId}`}>{t('moderation.statement.title')}</Heading>
      <dl className="fact-list">
        <div className="fact-list__row">
          <dt>{t('moderation.statement.decision')}</dt>
          <dd>
            <strong>{t(`moderation.action.${statement.action}` as MessageKey)}</strong>
          </dd>
        </div>
        <div className="fact-list__row">
          <dt>{t('moderation.statement.date')}</dt>
          <dd>{formatDate(locale, new Date(statement.decidedAt))}</dd>
        </div>
        <div className="fact-list__row">
          <dt>{t('moderation.statement.facts')}</dt>
          <dd className="statement__facts">{statement.facts}</dd>
        </div>
        {statement.clause ? (
          <div className="fact-list__row">
            <dt>{t('moderation.statement.clause')}</dt>
            <dd>
              {t('moderation.statement.clauseValue', { clause: statement.clause })}
              {clauseHref ? (
                <>
                  {' — '}
                  <a href={clauseHref}>{t('moderation.statement.readClause', { clause: statement.clause })}</a>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
        {statement.durationDays && statement.endsAt ? (
          <div className="fact-list__row">
            <dt>{t('moderation.statement.duration')}</dt>
            <dd>{t('moderation.statement.durationValue', { count: statement.durationDays, date: formatDate(locale, new Date(statement.endsAt)) })}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  )
}
