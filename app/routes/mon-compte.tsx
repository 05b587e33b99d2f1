import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { EmailField, Field, FormAlert, NewPasswordField, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator, type MessageKey } from '~/i18n'
import { changePassword, requestEmailChange, type Viewer } from '~/features/accounts/accounts.server'
import { membershipOverview } from '~/features/dues/membership.server'
import { MembershipCard } from '~/features/dues/components/membership-card'
import { CareersAccountCard } from '~/features/careers/components/account-card'
import { EventsAccountCard } from '~/features/events/components/account-card'
import { requireUser } from '~/features/accounts/guards.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { currentPasswordField, emailField, parseForm, passwordField, type FieldErrors } from '~/shared/validation'

const EmailForm = z.object({ intent: z.literal('email'), newEmail: emailField, currentPassword: currentPasswordField })
const PasswordForm = z.object({
  intent: z.literal('password'),
  currentPassword: currentPasswordField,
  newPassword: passwordField,
})

export const meta = titleMeta('account.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { viewer, overview: membershipOverview(context.app, viewer.id) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = formData.get('intent') === 'email' ? 'email' : 'password'

  if (intent === 'email') {
    const newEmail = String(formData.get('newEmail') ?? '')
    const parsed = parseForm(EmailForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, { newEmail }, { extra: { intent } })
    const result = await requestEmailChange(context.app, {
      userId: viewer.id,
      currentPassword: parsed.data.currentPassword,
      newEmail: parsed.data.newEmail,
      baseUrl: baseUrl(request, context.app.config.APP_URL),
    })
    if (!result.ok) {
      const errors: FieldErrors = result.error === 'wrongPassword' ? { currentPassword: [t('error.wrongPassword')] } : { newEmail: [t('error.sameEmail')] }
      return formError(errors, { newEmail }, { extra: { intent } })
    }
    return redirectWithToast(context, '/mon-compte', {
      type: 'info',
      key: 'account.email.sent',
      params: { email: parsed.data.newEmail.toLowerCase() },
    })
  }

  const parsed = parseForm(PasswordForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent } })
  const result = await changePassword(context.app, {
    userId: viewer.id,
    currentSessionId: context.session!.id,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
  })
  if (!result.ok) {
    return formError({ currentPassword: [t('error.wrongPassword')] }, {}, { extra: { intent } })
  }
  return redirectWithToast(context, '/mon-compte', { type: 'success', key: 'account.password.changed' })
}

function statusKey(viewer: Viewer): MessageKey {
  if (viewer.isWebmaster) return 'account.status.webmaster'
  if (viewer.membership?.status === 'suspended') return 'account.status.suspended'
  if (viewer.membership) return `account.status.member.${viewer.membership.kind}`
  return 'account.status.registered'
}

export default function Account() {
  const t = useT()
  const { viewer, overview } = useLoaderData<typeof loader>()
  const emailForm = useFormFailure('email')
  const passwordForm = useFormFailure('password')
  const emailErrors = emailForm.errors
  const passwordErrors = passwordForm.errors
  return (
    <>
      <PageHeader title={t('account.title')} />
      <div className="grid grid--2">
        <section className="card" aria-labelledby="identite">
          <h2 id="identite">{t('account.identity')}</h2>
          <p>
            <Link to="/mon-compte/profil">{t('myProfile.title')} →</Link>
          </p>
          <dl className="facts">
            <dt>{t('field.lastName')}</dt>
            <dd>{viewer.lastName}</dd>
            <dt>{t('field.firstName')}</dt>
            <dd>{viewer.firstName}</dd>
            <dt>{t('field.email')}</dt>
            <dd data-testid="current-email">{viewer.email}</dd>
            <dt>{t('account.status')}</dt>
            <dd>{t(statusKey(viewer))}</dd>
          </dl>
        </section>

        <MembershipCard overview={overview} />

        <EventsAccountCard />

        <CareersAccountCard reader={viewer.role !== 'registered'} />

        <section className="card" aria-labelledby="changer-email">
          <h2 id="changer-email">{t('account.email.title')}</h2>
          <p className="muted">{t('account.email.lead')}</p>
          <Form method="post" className="form" noValidate>
            <FormAlert messages={emailErrors.form} />
            <EmailField name="newEmail" label={t('field.newEmail')} defaultValue={emailForm.values.newEmail} errors={emailErrors.newEmail} />
            <Field
              label={t('field.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              errors={emailErrors.currentPassword}
            />
            <SubmitButton intent="email">{t('account.email.submit')}</SubmitButton>
          </Form>
        </section>

        <section className="card" aria-labelledby="changer-mot-de-passe">
          <h2 id="changer-mot-de-passe">{t('account.password.title')}</h2>
          <p className="muted">{t('account.password.lead')}</p>
          <Form method="post" className="form" noValidate>
            <FormAlert messages={passwordErrors.form} />
            <Field
              label={t('field.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              errors={passwordErrors.currentPassword}
            />
            <NewPasswordField name="newPassword" label={t('field.newPassword')} errors={passwordErrors.newPassword} />
            <SubmitButton intent="password">{t('account.password.submit')}</SubmitButton>
          </Form>
        </section>
      </div>
    </>
  )
}
