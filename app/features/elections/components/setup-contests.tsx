import { Form } from '@remix-run/react'
import { formatDateTime } from '~/i18n'
import { ErrorSummary, FieldScope, TextAreaField } from '~/shared/components/forms'
import { useRootData, useT } from '~/shared/i18n'
import { ELECTION_LIMITS } from '~/features/elections/stage'

type Contest = {
  id: number
  firstName: string | null
  lastName: string | null
  email: string | null
  promotion: number | null
  membership: 'alumni' | 'student' | null
  message: string
  status: 'open' | 'accepted' | 'refused'
  answer: string | null
  answeredAt: Date | string | null
  createdAt: Date | string
}

type Answer = { errors: Record<string, string[]>; values: Record<string, string>; contestId?: number | null } | undefined

/** The roll's contests: open ones with their two answers (each asking for its text), then those answered. */
export function SetupContests({ contests, answerable, answer }: { contests: Contest[]; answerable: boolean; answer: Answer }) {
  const t = useT()
  const { locale } = useRootData()
  const open = contests.filter((c) => c.status === 'open')
  return (
    <section aria-labelledby="manage-contests">
      <h4 id="manage-contests">{t('elections.admin.contests.title', { count: open.length })}</h4>
      {contests.length === 0 ? <p className="muted">{t('elections.admin.contests.none')}</p> : null}
      <ul className="list-plain">
        {contests.map((c) => {
          const failed = answer?.contestId === c.id ? answer : undefined
          const who = c.firstName ? `${c.firstName} ${c.lastName}` : t('elections.admin.contests.former')
          return (
            <li key={c.id} className="card contest">
              <p>
                <strong>{who}</strong>
                {c.promotion ? <span className="muted"> ({c.promotion})</span> : null}
                {c.email ? <span className="muted contest__email"> · {c.email}</span> : null}
              </p>
              <p className="muted">
                {t('elections.admin.contests.sent', { date: formatDateTime(locale, new Date(c.createdAt)) })}
                {' · '}
                {c.membership ? t(`elections.admin.contests.membership.${c.membership}`) : t('elections.admin.contests.membership.none')}
              </p>
              <p className="election-description">{c.message}</p>
              {c.status !== 'open' ? (
                <p>
                  <span className={c.status === 'accepted' ? 'badge badge--success' : 'badge badge--danger'}>
                    {t(`elections.roll.contestStatus.${c.status}`)}
                  </span>{' '}
                  {c.answer}
                </p>
              ) : answerable ? (
                <FieldScope name={`contest-${c.id}`}>
                  <Form method="post" className="form" noValidate>
                    <ErrorSummary errors={failed?.errors} />
                    <input type="hidden" name="contestId" value={c.id} />
                    <TextAreaField
                      label={t('elections.admin.contests.answer')}
                      hint={t('elections.admin.contests.answerHint')}
                      name="answer"
                      rows={3}
                      required
                      maxLength={ELECTION_LIMITS.contest}
                      defaultValue={failed?.values.answer}
                      errors={failed?.errors.answer}
                    />
                    <div className="actions">
                      <button type="submit" name="intent" value="contest-accept" className="button button--primary">
                        {t('elections.admin.contests.accept')}
                      </button>
                      <button type="submit" name="intent" value="contest-refuse" className="button button--secondary">
                        {t('elections.admin.contests.refuse')}
                      </button>
                    </div>
                  </Form>
                </FieldScope>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
