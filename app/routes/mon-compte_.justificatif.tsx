import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FileField, FormAlert, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { MAX_PENDING_PROOFS, submitStudentProof } from '~/features/dues/membership.server'
import { requireUser } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseUploadForm, readProofUpload, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'

export const meta = titleMeta('proof.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return json({ isStudent: viewer.membership?.kind === 'student' })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  if (viewer.membership?.kind !== 'student') return json({ errors: [t('proof.notStudent')] }, { status: 403 })
  let upload
  try {
    upload = await readProofUpload((await parseUploadForm(request)).get('proof'))
  } catch (error) {
    if (!(error instanceof UploadTooLarge)) throw error
    upload = { ok: false as const, error: 'tooLarge' as const }
  }
  if (!upload.ok) {
    const key = upload.error === 'tooLarge' ? 'dues.error.proofTooLarge' : upload.error === 'type' ? 'dues.error.proofType' : 'dues.error.proofRequired'
    return json({ errors: [t(key)] }, { status: 400 })
  }
  const sent = await submitStudentProof(context.app, viewer.id, upload.file)
  if (!sent.ok) return json({ errors: [t('dues.error.proofTooMany', { max: MAX_PENDING_PROOFS })] }, { status: 400 })
  return redirectWithToast(context, '/mon-compte', { type: 'success', key: 'proof.sent' })
}

export default function ProofUpload() {
  const t = useT()
  const { isStudent } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <div className="narrow">
      <PageHeader title={t('proof.title')} lead={t('proof.lead')} />
      {isStudent ? (
        <Form method="post" encType="multipart/form-data" className="card form" noValidate>
          <FileField
            label={t('dues.field.proof')}
            hint={t('dues.field.proofHint')}
            name="proof"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            errors={data?.errors}
          />
          <SubmitButton>{t('proof.submit')}</SubmitButton>
        </Form>
      ) : (
        <FormAlert tone="info" messages={[t('proof.notStudent')]} />
      )}
    </div>
  )
}
