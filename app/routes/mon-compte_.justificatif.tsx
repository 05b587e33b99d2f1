import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { ErrorSummary, FileField, FormAlert, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { MAX_PENDING_PROOFS, submitStudentProof } from '~/features/dues/membership.server'
import { requireUser } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseUploadForm, readProofUpload, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'

export const meta = titleMeta('proof.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { isStudent: viewer.membership?.kind === 'student' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  if (viewer.membership?.kind !== 'student') return formError({ form: [t('proof.notStudent')] }, {}, { status: 403 })
  let upload
  try {
    upload = await readProofUpload((await parseUploadForm(request)).get('proof'))
  } catch (error) {
    if (!(error instanceof UploadTooLarge)) throw error
    upload = { ok: false as const, error: 'tooLarge' as const }
  }
  if (!upload.ok) {
    const key = upload.error === 'tooLarge' ? 'dues.error.proofTooLarge' : upload.error === 'type' ? 'dues.error.proofType' : 'dues.error.proofRequired'
    return formError({ proof: [t(key)] })
  }
  const sent = await submitStudentProof(context.app, viewer.id, upload.file)
  if (!sent.ok) return formError({ proof: [t('dues.error.proofTooMany', { max: MAX_PENDING_PROOFS })] })
  return redirectWithToast(context, '/mon-compte/cotisation', { type: 'success', key: 'proof.sent' })
}

export default function ProofUpload() {
  const t = useT()
  const { isStudent } = useLoaderData<typeof loader>()
  const { errors } = useFormFailure()
  return (
    <AccountLayout>
      <div className="narrow account-page">
        <PageHeader title={t('proof.title')} lead={t('proof.lead')} />
        {isStudent ? (
          <Form method="post" encType="multipart/form-data" className="card form" noValidate>
            <ErrorSummary errors={errors} />
            <FileField
              label={t('dues.field.proof')}
              hint={t('dues.field.proofHint')}
              name="proof"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              required
              errors={errors.proof}
            />
            <SubmitButton>{t('proof.submit')}</SubmitButton>
          </Form>
        ) : (
          <FormAlert tone="info" messages={[t('proof.notStudent')]} />
        )}
      </div>
    </AccountLayout>
  )
}
