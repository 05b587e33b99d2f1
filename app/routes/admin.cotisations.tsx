import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ApproveOrReject } from '~/shared/components/approve-or-reject'
import { EmailField, ErrorSummary, Field, RadioGroup, SubmitButton } from '~/shared/components/forms'
import { formatDateTime, formatMoney, translator, type MessageKey } from '~/i18n'
import { duplicatePayments, findUserByEmail, pendingProofs, recentAudit } from '~/features/dues/dues-admin.server'
import { recordOfflinePayment, reviewStudentProof } from '~/features/dues/membership.server'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { DUES_FIELD_MAX as MAX } from '~/features/dues/schema'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { emailField, parseForm } from '~/shared/validation'

export const meta = titleMeta('admin.dues')

const ReviewForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), proofId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal('reject'),
    proofId: z.string().min(1).max(64),
    reason: z.string().trim().min(10, 'admin.dues.reasonRequired').max(MAX.proofRejectionReason, 'error.tooLong'),
  }),
])
const OfflineForm = z.object({
  intent: z.literal('offline'),
  email: emailField,
  category: z.enum(['alumni', 'student'], { errorMap: () => ({ message: 'dues.error.category' }) }),
  method: z.enum(['cheque', 'transfer'], { errorMap: () => ({ message: 'error.required' }) }),
  reference: z.string().trim().min(1, 'error.required').max(MAX.offlineReference, 'error.tooLong'),
})

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return { proofs: pendingProofs(context.app), duplicates: duplicatePayments(context.app), audit: recentAudit(context.app) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const origin = baseUrl(request, context.app.config.APP_URL)

  if (intent === 'offline') {
    const values = Object.fromEntries(['email', 'category', 'method', 'reference'].map((k) => [k, String(formData.get(k) ?? '')]))
    const parsed = parseForm(OfflineForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, values, { extra: { intent } })
    const account = findUserByEmail(context.app, parsed.data.email)
    if (!account) return formError({ email: [t('admin.dues.unknownAccount')] }, values, { extra: { intent } })
    const result = recordOfflinePayment(context.app, { actorId: viewer.id, userId: account.id, ...parsed.data, baseUrl: origin })
    if (!result.ok) return formError({ email: [t('dues.error.alreadyMember')] }, values, { extra: { intent } })
    return redirectWithToast(context, '/admin/cotisations', {
      type: 'success',
      key: 'admin.dues.offlineDone',
      params: { name: `${account.firstName} ${account.lastName}` },
    })
  }

  const parsed = parseForm(ReviewForm, formData, t)
  const proofId = String(formData.get('proofId') ?? '')
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent, proofId } })
  const proof = pendingProofs(context.app).find((p) => p.id === parsed.data.proofId)
  const result = await reviewStudentProof(context.app, {
    actorId: viewer.id,
    proofId: parsed.data.proofId,
    decision: parsed.data.intent,
    reason: parsed.data.intent === 'reject' ? parsed.data.reason : undefined,
    baseUrl: origin,
  })
  if (!result.ok || !proof) return redirectWithToast(context, '/admin/cotisations', { type: 'error', key: 'admin.dues.alreadyReviewed' })
  return redirectWithToast(context, '/admin/cotisations', {
    type: 'success',
    key: parsed.data.intent === 'approve' ? 'admin.dues.approved' : 'admin.dues.rejected',
    params: { name: `${proof.firstName} ${proof.lastName}` },
  })
}

export default function DuesAdmin() {
  const t = useT()
  const { locale } = useRootData()
  const { proofs, duplicates, audit } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const offline = formFailure(data, 'offline')
  const rejected = data && 'proofId' in data ? data : undefined
  const when = (at: Date | null) => (at ? formatDateTime(locale, at) : '')
  return (
    <div className="stack">
      <section aria-labelledby="fiches">
        <h2 id="fiches">{t('admin.dues.proofs')}</h2>
        {proofs.length === 0 ? (
          <p className="card state state--soft">{t('admin.dues.proofsEmpty')}</p>
        ) : (
          <ul className="list-plain">
            {proofs.map((p) => (
              <li key={p.id} className="card">
                <p>
                  <strong>
                    {t('admin.dues.proofOf', { name: `${p.firstName} ${p.lastName}`, promotion: String(p.promotion ?? '—'), date: when(p.uploadedAt) })}
                  </strong>
                </p>
                <p>
                  <a href={`/justificatifs/${p.id}`}>{t('admin.dues.download', { name: p.originalName })}</a>
                </p>
                <ApproveOrReject
                  idName="proofId"
                  id={p.id}
                  open={rejected?.proofId === p.id}
                  reasonErrors={rejected?.proofId === p.id ? rejected.errors.reason : undefined}
                  reasonMaxLength={MAX.proofRejectionReason}
                  labels={{
                    approve: t('admin.dues.approve'),
                    reject: t('admin.dues.reject'),
                    reason: t('admin.dues.rejectReason'),
                    confirm: t('admin.dues.rejectConfirm'),
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="hors-ligne" className="card">
        <h2 id="hors-ligne">{t('admin.dues.offline')}</h2>
        <p className="muted">{t('admin.dues.offlineLead')}</p>
        <Form method="post" className="form" noValidate>
          <ErrorSummary errors={offline.errors} />
          <EmailField label={t('admin.dues.offlineEmail')} defaultValue={offline.values.email} errors={offline.errors.email} />
          <RadioGroup
            legend={t('dues.field.category')}
            name="category"
            value={offline.values.category}
            options={[
              { value: 'alumni', label: t('dues.price.alumni') },
              { value: 'student', label: t('dues.price.student') },
            ]}
            errors={offline.errors.category}
          />
          <RadioGroup
            legend={t('admin.dues.offlineMethod')}
            name="method"
            value={offline.values.method}
            options={[
              { value: 'cheque', label: t('admin.dues.method.cheque') },
              { value: 'transfer', label: t('admin.dues.method.transfer') },
            ]}
            errors={offline.errors.method}
          />
          <Field
            label={t('admin.dues.offlineReference')}
            name="reference"
            required
            maxLength={MAX.offlineReference}
            defaultValue={offline.values.reference}
            errors={offline.errors.reference}
          />
          <SubmitButton intent="offline">{t('admin.dues.offlineSubmit')}</SubmitButton>
        </Form>
      </section>

      {duplicates.length ? (
        <section aria-labelledby="doublons">
          <h2 id="doublons">{t('admin.dues.duplicates')}</h2>
          <ul className="list-plain">
            {duplicates.map((d) => (
              <li key={d.id} className="card">
                {t('admin.dues.duplicate', {
                  name: `${d.firstName} ${d.lastName}`,
                  amount: formatMoney(locale, d.amountCents),
                  date: when(d.paidAt),
                  reference: d.reference ?? '—',
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="journal">
        <h2 id="journal">{t('admin.dues.audit')}</h2>
        {audit.length === 0 ? (
          <p className="muted">{t('admin.dues.auditEmpty')}</p>
        ) : (
          <ul className="list-plain audit">
            {audit.map((a) => (
              <li key={a.id}>
                {t('admin.dues.auditLine', {
                  date: when(a.createdAt),
                  member: a.member,
                  action: t(`audit.${a.action}` as MessageKey),
                  actor: a.actor ?? t('admin.dues.system'),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
