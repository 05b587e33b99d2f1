import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { formatDate, translator } from '~/i18n'
import { ErrorSummary, FieldScope, TextAreaField } from '~/shared/components/forms'
import { RadioGroup } from '~/shared/components/forms'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { answerAppeal, deskAppeals, openAppealCount, otherWebmasters } from '~/features/moderation/appeals.server'
import { DecisionStatement } from '~/features/moderation/components/decision-statement'
import { AppealAnswerForm, ANSWER_MAX, targetPath } from '~/features/moderation/schema'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('moderation.desk.appeals.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  return {
    appeals: deskAppeals(context.app),
    waiting: openAppealCount(context.app),
    viewerId: viewer.id,
    othersExist: otherWebmasters(context.app, viewer.id) > 0,
  }
}

const answerErrors = {
  notFound: 'moderation.desk.appeals.error.notFound',
  answered: 'moderation.desk.appeals.error.answered',
  decider: 'moderation.desk.appeals.error.decider',
} as const

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = formObject(formData)
  invariantResponse(values.intent === 'answer', 'Invalid form')
  const appealId = Number(values.appealId)
  invariantResponse(Number.isInteger(appealId) && appealId > 0, 'Invalid form')
  const parsed = parseForm(AppealAnswerForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, values, { extra: { intent: `answer-${appealId}` } })
  const result = answerAppeal(context.app, { by: viewer.id, appealId, outcome: parsed.data.outcome, answer: parsed.data.answer })
  if (!result.ok) return formError({ form: [t(answerErrors[result.error])] }, values, { status: 409, extra: { intent: `answer-${appealId}` } })
  return redirectWithToast(context, '/admin/moderation/recours', { type: 'success', key: 'moderation.desk.appeals.done' })
}

function AnswerForm({ appealId }: { appealId: number }) {
  const t = useT()
  const form = useFormFailure(`answer-${appealId}`)
  return (
    <FieldScope name={`recours-${appealId}`}>
      <Form method="post" className="form" noValidate>
        <ErrorSummary errors={form.errors} />
        <input type="hidden" name="appealId" value={appealId} />
        <RadioGroup
          legend={t('moderation.desk.appeals.outcome')}
          name="outcome"
          value={form.values.outcome}
          errors={form.errors.outcome}
          options={[
            { value: 'upheld', label: t('moderation.desk.appeals.upheld') },
            { value: 'reversed', label: t('moderation.desk.appeals.reversed') },
          ]}
        />
        <TextAreaField
          label={t('moderation.desk.appeals.answer')}
          hint={t('moderation.desk.appeals.answerHint')}
          name="answer"
          rows={4}
          required
          maxLength={ANSWER_MAX}
          defaultValue={form.values.answer}
          errors={form.errors.answer}
        />
        <button type="submit" name="intent" value="answer" className="button button--primary">
          {t('moderation.desk.appeals.submit')}
        </button>
      </Form>
    </FieldScope>
  )
}

/** The « Recours » tab: each appeal with the decision it contests, assigned to a webmaster other than the decider. */
export default function ModerationAppeals() {
  const t = useT()
  const { locale } = useRootData()
  const { appeals, waiting, viewerId, othersExist } = useLoaderData<typeof loader>()
  const date = (iso: string) => formatDate(locale, new Date(iso))
  return (
    <>
      <h3>{t('moderation.desk.appeals.count', { count: waiting })}</h3>
      {appeals.length === 0 ? (
        <p className="card state state--soft">{t('moderation.desk.appeals.empty')}</p>
      ) : (
        <ol className="desk-groups">
          {appeals.map((a) => (
            <li key={a.id} id={`recours-${a.id}`} className="card">
              <h4 className="desk-group__head">
                <a href={targetPath(a.statement.targetKind, a.targetId)}>
                  {t('moderation.desk.appeals.item', {
                    name: a.subject ? `${a.subject.firstName} ${a.subject.lastName}` : '—',
                    action: t(`moderation.action.${a.statement.action}`),
                    date: date(a.statement.decidedAt),
                  })}
                </a>
              </h4>
              <p className="muted">
                {t('moderation.desk.appeals.filed', { date: date(a.createdAt) })} ·{' '}
                {a.assignee
                  ? t('moderation.desk.appeals.assigned', { name: `${a.assignee.firstName} ${a.assignee.lastName}` })
                  : t('moderation.desk.appeals.unassigned')}{' '}
                · {t('moderation.desk.appeals.decidedBy', { name: a.decider ? `${a.decider.firstName} ${a.decider.lastName}` : '—' })}
              </p>
              <DecisionStatement statement={a.statement} headingLevel={5} />
              <h5>{t('moderation.desk.appeals.text')}</h5>
              <p className="quote desk-appeal__text">{a.text}</p>
              {a.answeredAt ? (
                <>
                  <p>
                    <strong>{t('moderation.desk.appeals.answered', { date: date(a.answeredAt), outcome: a.outcome ?? 'upheld' })}</strong>
                  </p>
                  <p className="quote">{a.answer}</p>
                </>
              ) : a.decidedBy === viewerId && othersExist ? (
                <p className="alert alert--info">{t('moderation.desk.appeals.deciderNote')}</p>
              ) : (
                <AnswerForm appealId={a.id} />
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}
