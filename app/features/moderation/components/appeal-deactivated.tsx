import { formatDate } from '~/i18n'
import { PageHeader } from '~/shared/components/layout'
import { useRootData, useT } from '~/shared/i18n'
import type { AppealState } from '~/features/moderation/appeals.server'
import { AppealStatus } from '~/features/moderation/components/appeal-status'
import { DecisionStatement } from '~/features/moderation/components/decision-statement'

/** The log-in page of a deactivated account, after the right password: the statement of reasons and « Contester la décision ». */
export function DeactivatedAccount({ notice }: { notice: AppealState & { appealUrl: string; clauseHref: string | null; contact: string } }) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <div className="narrow">
      <PageHeader title={t('moderation.login.deactivatedTitle')} lead={t('moderation.login.deactivatedLead')} />
      <DecisionStatement statement={notice.statement} clauseHref={notice.clauseHref} />
      {notice.state === 'open' ? (
        <section className="card" aria-labelledby="contester">
          <h2 id="contester">{t('moderation.appeal.contest')}</h2>
          <p>{t('moderation.appeal.deadline', { date: formatDate(locale, new Date(notice.deadline)) })}</p>
          <p>
            <a href={notice.appealUrl} className="button button--primary">
              {t('moderation.appeal.contest')}
            </a>
          </p>
        </section>
      ) : (
        <AppealStatus state={notice.state} deadline={notice.deadline} appeal={notice.appeal} contact={notice.contact} />
      )}
    </div>
  )
}
