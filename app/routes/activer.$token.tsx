import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { EmailField, ErrorSummary, FormAlert, NewPasswordField, PersonNameFields, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { SignUpSent } from '~/features/accounts/components/signup-sent'
import { translator, type MessageKey } from '~/i18n'
import { newPasswordField } from '~/features/accounts/account-forms.server'
import { requestSignUp } from '~/features/accounts/signup.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { diplomaLabel } from '~/features/directory/schema'
import { TermsCheckbox } from '~/features/moderation/components/terms-checkbox'
import { TERMS_ACCEPT_FIELD } from '~/features/moderation/terms'
import { termsAcceptanceOf, termsVersionToAccept } from '~/features/moderation/terms.server'
import { activationFor, linkAccountWithToken, type LinkWithTokenError } from '~/features/roster/activation.server'
import { birthNameField } from '~/features/roster/activation-schema'
import { rowOfAccount } from '~/features/roster/claims.server'
import { BirthNameField } from '~/features/roster/components/birth-name-field'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { emailField, formObject, nameField, parseForm } from '~/shared/validation'

export const meta = titleMeta('roster.activate.title')

const ActivationSignUp = z.object({
  lastName: nameField,
  firstName: nameField,
  birthName: birthNameField,
  email: emailField,
  password: newPasswordField,
})

// The page names a person: never kept by a shared cache, never indexed.
const PRIVATE = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }
export const headers: HeadersFunction = () => PRIVATE

function activationOf(context: LoaderFunctionArgs['context'], token: string | undefined) {
  const activation = token ? activationFor(context.app, token) : null
  // A forged or altered link names nobody.
  invariantResponse(activation, 'Not found', { status: 404 })
  return activation
}

/**
 * The link of an invitation to activate. Following it changes nothing (mail scanners open
 * links): it shows the person's name and promotion and a sign-up form filled from the list, whose
 * account holds the row from its creation; someone logged in links the row with one button.
 */
export function loader({ context, params }: LoaderFunctionArgs) {
  const activation = activationOf(context, params.token)
  const { viewer } = context
  const state =
    activation.claimedBy && activation.claimedBy === viewer?.id
      ? ('mine' as const)
      : activation.claimedBy
        ? ('claimed' as const)
        : viewer
          ? rowOfAccount(context.app, viewer.id)
            ? ('accountLinked' as const)
            : ('link' as const)
          : ('signup' as const)
  return data(
    {
      state,
      person: {
        lastName: activation.lastName,
        firstName: activation.firstName,
        birthName: activation.birthName,
        promotion: activation.promotion,
        diplomas: activation.diplomas,
        // Only the sign-up form shows the address the invitation was sent to.
        email: state === 'signup' ? activation.email : null,
      },
      termsVersion: state === 'signup' ? termsVersionToAccept(context.app) : null,
    },
    { headers: PRIVATE },
  )
}

const LINK_ERRORS: Record<LinkWithTokenError, MessageKey> = {
  invalidLink: 'roster.activate.error.invalidLink',
  claimed: 'roster.activate.claimed',
  accountLinked: 'roster.activate.accountLinked',
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const activation = activationOf(context, params.token)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const { viewer } = context

  if (intent === 'link') {
    if (!viewer) return formError({ form: [t('roster.activate.error.loginFirst')] }, {}, { status: 401 })
    const linked = linkAccountWithToken(context.app, viewer.id, params.token ?? '')
    if (!linked.ok) return formError({ form: [t(LINK_ERRORS[linked.error])] }, {}, { status: 409 })
    return redirectWithToast(context, '/mon-compte/profil', { type: 'success', key: 'roster.activate.linkedToast' })
  }

  if (viewer) return formError({ form: [t('roster.activate.error.loggedIn')] }, {}, { status: 400 })
  if (activation.claimedBy) return formError({ form: [t('roster.activate.claimed')] }, {}, { status: 409 })
  const form = formObject(formData)
  const values = { lastName: form.lastName ?? '', firstName: form.firstName ?? '', birthName: form.birthName ?? '', email: form.email ?? '' }
  const parsed = parseForm(ActivationSignUp, formData, t)
  const terms = termsAcceptanceOf(context.app, formData)
  const termsRefused = terms.required && !terms.accepted
  if (!parsed.success || termsRefused) {
    const errors = { ...(parsed.success ? {} : parsed.errors), ...(termsRefused ? { [TERMS_ACCEPT_FIELD]: [t('terms.accept.required')] } : {}) }
    return formError(errors, values)
  }
  // As on /inscription: one answer for a new and a taken address, the mail tells them apart; the
  // link in it creates the account holding this row, then goes on to Cotiser.
  const result = await requestSignUp(context.app, {
    ...parsed.data,
    ip: context.clientIp,
    locale: context.locale,
    next: '/cotiser',
    baseUrl: baseUrl(request, context.app.config.APP_URL),
    terms: terms.required ? { versionId: terms.versionId, via: 'signup' } : null,
    roster: { birthName: parsed.data.birthName, promotion: activation.promotion, graduateId: activation.graduateId },
  })
  if (!result.ok) return formError({ form: [t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })] }, values, { status: 429 })
  return data({ sent: parsed.data.email.trim().toLowerCase() }, { headers: PRIVATE })
}

export default function Activate() {
  const t = useT()
  const { state, person, termsVersion } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const { token } = useParams()
  if (answer && 'sent' in answer) return <SignUpSent email={answer.sent} />
  const { errors, values } = formFailure(answer)
  const name = `${person.firstName} ${person.lastName}`
  // Logged in, one comes back here to link the row to the account.
  const loginHere = `/connexion?redirectTo=${encodeURIComponent(`/activer/${token ?? ''}`)}`
  return (
    <div className="narrow">
      <PageHeader title={t('roster.activate.title')} lead={t('roster.activate.lead', { name, promotion: String(person.promotion) })} />
      {person.diplomas.length > 0 ? (
        <p className="card">
          <strong>{t('roster.activate.diplomas')}</strong> {person.diplomas.map((d) => diplomaLabel(t, d)).join(' · ')}
        </p>
      ) : null}
      {state === 'mine' ? (
        <div className="card state">
          <p>{t('roster.activate.mine')}</p>
          <Link to="/mon-compte/profil" className="button button--primary">
            {t('roster.activate.toProfile')}
          </Link>
        </div>
      ) : state === 'claimed' ? (
        <div className="card state">
          <p>{t('roster.activate.claimed')}</p>
          <p className="actions">
            <Link to="/connexion" className="button button--primary">
              {t('nav.login')}
            </Link>
            <Link to="/mot-de-passe-oublie">{t('roster.activate.forgot')}</Link>
          </p>
        </div>
      ) : state === 'accountLinked' ? (
        <div className="card state">
          <p>{t('roster.activate.accountLinked')}</p>
          <Link to="/contact" className="button button--secondary">
            {t('roster.activate.contact')}
          </Link>
        </div>
      ) : state === 'link' ? (
        <Form method="post" className="card form">
          <FormAlert messages={errors.form} />
          <p>{t('roster.activate.linkLead')}</p>
          <SubmitButton intent="link">{t('roster.activate.link')}</SubmitButton>
        </Form>
      ) : (
        <Form method="post" className="card form" noValidate>
          <ErrorSummary errors={errors} />
          <p>{t('roster.activate.signupLead')}</p>
          <input type="hidden" name="intent" value="signup" />
          <PersonNameFields values={{ lastName: values.lastName ?? person.lastName, firstName: values.firstName ?? person.firstName }} errors={errors} />
          <BirthNameField defaultValue={values.birthName ?? person.birthName} errors={errors.birthName} />
          <p className="field__hint">{t('roster.activate.promotion', { promotion: String(person.promotion) })}</p>
          <EmailField defaultValue={values.email ?? person.email ?? ''} errors={errors.email} />
          <NewPasswordField name="password" label={t('field.password')} errors={errors.password} />
          {termsVersion ? <TermsCheckbox version={termsVersion} errors={errors[TERMS_ACCEPT_FIELD]} /> : null}
          <SubmitButton>{t('roster.activate.submit')}</SubmitButton>
          <p className="form__links">
            <span>
              {t('roster.activate.haveAccount')} <Link to={loginHere}>{t('nav.login')}</Link>
            </span>
          </p>
        </Form>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
