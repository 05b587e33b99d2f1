import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import {
  EmailField,
  ErrorSummary,
  Field,
  FileField,
  FormAlert,
  NewPasswordField,
  PersonNameFields,
  RadioGroup,
  SelectField,
  SubmitButton,
} from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { SignUpSent } from '~/features/accounts/components/signup-sent'
import { formatMoney, translator, type Translate } from '~/i18n'
import { duesAmountCents, MAX_PENDING_PROOFS, startDuesCheckout } from '~/features/dues/membership.server'
import { profileBasics } from '~/features/directory/profile-basics.server'
import { requestSignUp } from '~/features/accounts/signup.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { useHydrated } from '~/shared/hooks'
import { baseUrl } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseUploadFields, parseUploadForm, readProofUpload, uploadFormValues, UploadTooLarge } from '~/shared/multipart.server'
import { newPasswordField } from '~/features/accounts/account-forms.server'
import { emailField, nameField, type FieldErrors, type FormValues } from '~/shared/validation'
import { diplomaLabel, promotionRange } from '~/features/directory/schema'
import { TermsCheckbox } from '~/features/moderation/components/terms-checkbox'
import { TERMS_ACCEPT_FIELD } from '~/features/moderation/terms'
import { termsAcceptanceOf, termsVersionToAccept } from '~/features/moderation/terms.server'
import { BirthNameField } from '~/features/roster/components/birth-name-field'
import { birthNameField } from '~/features/roster/activation-schema'
import { accountBirthName } from '~/features/roster/claims.server'

export const meta = titleMeta('dues.title')

function duesSchema(diplomas: string[], bounds: { min: number; max: number }, visitor: boolean) {
  const base = z.object({
    lastName: nameField,
    firstName: nameField,
    birthName: birthNameField,
    promotion: z.coerce
      .number({ invalid_type_error: 'dues.error.promotion' })
      .int('dues.error.promotion')
      .min(bounds.min, 'dues.error.promotion')
      .max(bounds.max, 'dues.error.promotion'),
    diploma: z.string({ required_error: 'dues.error.diploma' }).refine((d) => diplomas.includes(d), 'dues.error.diploma'),
    category: z.enum(['alumni', 'student'], { errorMap: () => ({ message: 'dues.error.category' }) }),
  })
  return visitor ? base.extend({ email: emailField, password: newPasswordField }) : base
}

/** The choices a visitor made before signing up, carried by the link in the mail back to this page. */
const RESUMED = ['promotion', 'diploma', 'category'] as const

export function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, app } = context
  const basics = viewer ? profileBasics(app, viewer.id) : undefined
  const params = new URL(request.url).searchParams
  const resumed = (key: (typeof RESUMED)[number]) => params.get(key)?.slice(0, 200) || null
  return {
    alreadyMember: !!viewer?.membership,
    cancelled: params.has('annule'),
    demo: app.payments.mode === 'demo',
    prices: { alumni: duesAmountCents(app.config, 'alumni'), student: duesAmountCents(app.config, 'student') },
    diplomas: app.config.DIPLOMAS,
    bounds: promotionRange(app.now()),
    termsVersion: termsVersionToAccept(app),
    prefill: viewer
      ? {
          lastName: viewer.lastName,
          firstName: viewer.firstName,
          birthName: accountBirthName(app, viewer.id),
          email: viewer.email,
          promotion: basics?.promotion ?? resumed('promotion'),
          diploma: basics?.diploma ?? resumed('diploma'),
          category: resumed('category'),
        }
      : null,
  }
}

/** `sent`: the address a visitor's sign-up mail went to (new or taken, the same answer). */
function fail(status: number, errors: FieldErrors, values: FormValues, form: string[] = []) {
  return formError(form.length ? { ...errors, form } : errors, values, { status })
}

function proofError(t: Translate, error: 'missing' | 'tooLarge' | 'type') {
  return t(error === 'tooLarge' ? 'dues.error.proofTooLarge' : error === 'type' ? 'dues.error.proofType' : 'dues.error.proofRequired')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { app, viewer } = context
  const t = translator(context.locale)
  if (viewer?.membership) return fail(400, {}, {}, [t('dues.error.alreadyMember')])

  let formData: FormData
  try {
    formData = await parseUploadForm(request)
  } catch (error) {
    if (error instanceof UploadTooLarge) return fail(413, { proof: [t('dues.error.proofTooLarge')] }, {})
    throw error
  }
  const sent = uploadFormValues(formData)
  const values = Object.fromEntries(['lastName', 'firstName', 'birthName', 'email', 'promotion', 'diploma', 'category'].map((k) => [k, sent[k] ?? '']))
  const parsed = parseUploadFields(duesSchema(app.config.DIPLOMAS, promotionRange(app.now()), !viewer), formData, (key, params) =>
    t(key, key === 'dues.error.promotion' ? promotionRange(app.now()) : params),
  )
  const errors: FieldErrors = parsed.success ? {} : { ...parsed.errors }
  const proof = values.category === 'student' ? await readProofUpload(formData.get('proof')) : null
  if (proof && !proof.ok) errors.proof = [proofError(t, proof.error)]
  const terms = termsAcceptanceOf(app, formData)
  if (terms.required && !terms.accepted) errors[TERMS_ACCEPT_FIELD] = [t('terms.accept.required')]
  const acceptedTerms = terms.required ? { versionId: terms.versionId, via: 'dues' as const } : null
  if (!parsed.success || Object.keys(errors).length) return fail(400, errors, values)

  // A visitor signs up as on /inscription, with one answer for a new and a taken address; the link
  // in the mail creates the account and brings them back here, logged in, with their choices.
  if (!viewer) {
    const data = parsed.data as typeof parsed.data & { email: string; password: string }
    const resume = new URLSearchParams(RESUMED.map((key) => [key, String(data[key])]))
    const signedUp = await requestSignUp(app, {
      ...data,
      ip: context.clientIp,
      locale: context.locale,
      next: `/cotiser?${resume}`,
      baseUrl: baseUrl(request, app.config.APP_URL),
      terms: acceptedTerms,
      roster: { birthName: data.birthName, promotion: data.promotion },
    })
    if (!signedUp.ok) return fail(429, {}, values, [t('error.throttled', { minutes: minutesUntil(signedUp.retryAfterMs) })])
    return { sent: data.email.toLowerCase() }
  }
  const userId = viewer.id
  const headers = new Headers()

  const result = await startDuesCheckout(app, {
    userId,
    form: parsed.data,
    proof: proof?.ok ? proof.file : null,
    baseUrl: baseUrl(request, app.config.APP_URL),
    termsVersionId: acceptedTerms?.versionId ?? null,
  })
  if (!result.ok && result.error === 'promotion') {
    return formError({ promotion: [t('dues.error.promotion', promotionRange(app.now()))] }, values, { headers })
  }
  if (!result.ok && result.error === 'tooManyPendingProofs') {
    return formError({ proof: [t('dues.error.proofTooMany', { max: MAX_PENDING_PROOFS })] }, values, { headers })
  }
  if (!result.ok) {
    const message = t(
      result.error === 'alreadyMember' ? 'dues.error.alreadyMember' : result.error === 'proofRequired' ? 'dues.error.proofRequired' : 'dues.error.provider',
    )
    return formError({ form: [message] }, values, { status: result.error === 'providerUnavailable' ? 503 : 400, headers })
  }
  return redirect(result.url, { headers })
}

export default function Dues() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const result = formFailure(answer)
  const hydrated = useHydrated()
  const { values } = result
  const [category, setCategory] = useState(values.category || data.prefill?.category || '')
  const money = (cents: number) => formatMoney(locale, cents)

  if (answer && 'sent' in answer) return <SignUpSent email={answer.sent} />
  if (data.alreadyMember) {
    return (
      <div className="narrow">
        <PageHeader title={t('dues.title')} />
        <div className="card state">
          <p>{t('dues.alreadyMember')}</p>
          <Link to="/annuaire" className="button button--primary">
            {t('dues.alreadyMemberCta')}
          </Link>
        </div>
      </div>
    )
  }
  const prefill = data.prefill
  const amount = category === 'student' ? data.prices.student : category === 'alumni' ? data.prices.alumni : null
  return (
    <div className="narrow narrow--wide">
      <PageHeader title={t('dues.title')} lead={t('dues.lead')} />
      {data.demo ? (
        <div className="banner" role="note">
          <strong>{t('dues.demoBanner')}</strong>
          {t('dues.demoBannerBody')}
        </div>
      ) : null}
      {data.cancelled ? <FormAlert tone="info" messages={[t('dues.cancelled')]} /> : null}
      <h2 className="visually-hidden">{t('dues.prices')}</h2>
      <ul className="prices" aria-label={t('dues.prices')}>
        <li className="price">
          {t('dues.price.alumni')}
          <span className="price__amount">{money(data.prices.alumni)}</span>
        </li>
        <li className="price">
          {t('dues.price.student')}
          <span className="price__amount">{money(data.prices.student)}</span>
        </li>
      </ul>
      <Form method="post" encType="multipart/form-data" className="card form" noValidate>
        <ErrorSummary errors={result.errors} />
        {prefill ? null : (
          <section className="form-section">
            <h2>{t('dues.section.account')}</h2>
            <p className="field__hint">
              {t('dues.section.account.lead')} {t('signup.haveAccount')} <Link to="/connexion?redirectTo=/cotiser">{t('nav.login')}</Link>
            </p>
            <EmailField defaultValue={values.email} errors={result.errors.email} />
            <NewPasswordField name="password" label={t('field.password')} errors={result.errors.password} />
          </section>
        )}
        <section className="form-section">
          <h2>{t('dues.section.identity')}</h2>
          <PersonNameFields
            values={{ lastName: values.lastName || prefill?.lastName, firstName: values.firstName || prefill?.firstName }}
            errors={result.errors}
          />
          <BirthNameField defaultValue={values.birthName ?? prefill?.birthName} errors={result.errors.birthName} />
        </section>
        <section className="form-section">
          <h2>{t('dues.section.studies')}</h2>
          <Field
            label={t('dues.field.promotion')}
            hint={t('dues.field.promotionHint')}
            name="promotion"
            type="number"
            inputMode="numeric"
            min={data.bounds.min}
            max={data.bounds.max}
            required
            defaultValue={values.promotion || prefill?.promotion || ''}
            errors={result.errors.promotion}
          />
          <SelectField
            label={t('dues.field.diploma')}
            name="diploma"
            required
            placeholder={t('dues.field.diplomaChoose')}
            options={data.diplomas.map((d) => ({ value: d, label: diplomaLabel(t, d) }))}
            defaultValue={values.diploma || prefill?.diploma || ''}
            errors={result.errors.diploma}
          />
          <RadioGroup
            legend={t('dues.field.category')}
            name="category"
            value={values.category || prefill?.category || undefined}
            onChange={setCategory}
            options={[
              { value: 'alumni', label: t('dues.category.alumni', { amount: money(data.prices.alumni) }) },
              { value: 'student', label: t('dues.category.student', { amount: money(data.prices.student) }) },
            ]}
            errors={result.errors.category}
          />
          {/* Without JavaScript the field is always there; with it, only for students. */}
          {!hydrated || category === 'student' ? (
            <FileField
              label={t('dues.field.proof')}
              hint={t('dues.field.proofHint')}
              name="proof"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              required={category === 'student'}
              errors={result.errors.proof}
            />
          ) : null}
        </section>
        {data.termsVersion ? <TermsCheckbox version={data.termsVersion} errors={result.errors[TERMS_ACCEPT_FIELD]} /> : null}
        <p className="field__hint">{t('dues.amountNote', { alumni: money(data.prices.alumni), student: money(data.prices.student) })}</p>
        <SubmitButton>{amount ? t('dues.submit', { amount: money(amount) }) : t('dues.submitGeneric')}</SubmitButton>
      </Form>
    </div>
  )
}
