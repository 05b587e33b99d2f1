import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { CheckboxField, CheckboxGroup, ErrorSummary, Field, ImageField, SelectField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { ContactFieldset, CONTACT_FIELDS, visibilityField } from '~/features/directory/components/profile-contacts'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { diplomaLabel, MAX_OWN_DIPLOMAS, PHONE_PATTERN, PROFILE_FIELD_MAX as MAX, sameDiploma } from '~/features/directory/schema'
import { diplomasOf, setOwnDiplomas } from '~/features/directory/diplomas.server'
import diplomasCss from '~/features/directory/components/diplomas.css'
import { ownProfile, removeProfilePhoto, resizeProfilePhoto, setProfilePhoto, updateProfile } from '~/features/directory/profiles.server'
import { sniffType } from '~/shared/uploads.server'
import { requireUser } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { FILE_TOO_LARGE, parseUploadFields, parseUploadForm, uploadFormValues, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import type { FieldErrors } from '~/shared/validation'
import { promotionRange } from '~/features/directory/schema'

export const meta = titleMeta('myProfile.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: diplomasCss }]

const optional = (schema: z.ZodString) => z.union([z.literal(''), schema]).default('')
const text = (max: number) => z.string().trim().max(max, 'error.tooLong').default('')

function profileSchema(diplomas: string[], promotions: { min: number; max: number }) {
  return z.object({
    promotion: z.coerce
      .number({ invalid_type_error: 'dues.error.promotion' })
      .int('dues.error.promotion')
      .min(promotions.min, 'dues.error.promotion')
      .max(promotions.max, 'dues.error.promotion'),
    diploma: z.string().refine((d) => diplomas.includes(d), 'dues.error.diploma'),
    company: text(MAX.company),
    jobTitle: text(MAX.jobTitle),
    sector: text(MAX.sector),
    city: text(MAX.city),
    country: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'myProfile.badCountry'),
    ),
    bio: text(MAX.bio),
    proEmail: optional(z.string().trim().max(MAX.email, 'error.tooLong').email('error.email')),
    personalEmail: optional(z.string().trim().max(MAX.email, 'error.tooLong').email('error.email')),
    proPhone: optional(z.string().trim().regex(PHONE_PATTERN, 'myProfile.badPhone')),
    personalPhone: optional(z.string().trim().regex(PHONE_PATTERN, 'myProfile.badPhone')),
    linkedin: optional(z.string().trim().url('myProfile.badUrl').startsWith('https://', 'myProfile.badUrl').max(MAX.linkedin, 'error.tooLong')),
    ...Object.fromEntries(CONTACT_FIELDS.map((f) => [visibilityField(f), z.enum(['members', 'nobody']).default('nobody')])),
    contactConsent: z.literal('on').optional(),
    inDirectory: z.literal('on').optional(),
  })
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return {
    viewerId: viewer.id,
    profile: ownProfile(context.app, viewer.id),
    diplomas: context.app.config.DIPLOMAS,
    // Several diplomas (issue #17): the school's list's, read-only, and the member's own.
    memberDiplomas: diplomasOf(context.app, viewer.id),
    promotions: promotionRange(context.app.now()),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const t = translator(context.locale)
  let formData: FormData
  try {
    formData = await parseUploadForm(request)
  } catch (error) {
    if (error instanceof UploadTooLarge) return formError({ photo: [t('dues.error.proofTooLarge')] }, {}, { status: 413 })
    throw error
  }
  // A field cut for its size is left out: the form shows the saved value again, next to its error.
  const values = uploadFormValues(formData)
  const promotions = promotionRange(app.now())
  const parsed = parseUploadFields(profileSchema(app.config.DIPLOMAS, promotions), formData, (key, params) =>
    t(key, key === 'dues.error.promotion' ? promotions : params),
  )
  const errors: FieldErrors = parsed.success ? {} : parsed.errors
  const ownDiplomas = [...new Set(formData.getAll('ownDiplomas').filter((d): d is string => typeof d === 'string'))]
  values.ownDiplomas = ownDiplomas.join('\n')
  // From the same list as the main diploma (or one the member already had before the list changed).
  const current = diplomasOf(app, viewer.id)
  const chosen = ownDiplomas.filter((d) => !sameDiploma(d, values.diploma) && !current.roster.some((r) => sameDiploma(r, d)))
  if (ownDiplomas.some((d) => !app.config.DIPLOMAS.includes(d) && !current.own.includes(d))) errors.ownDiplomas = [t('dues.error.diploma')]
  else if (chosen.length > MAX_OWN_DIPLOMAS) errors.ownDiplomas = [t('myProfile.diplomas.tooMany', { max: MAX_OWN_DIPLOMAS })]
  const photo = formData.get('photo')
  let photoImage: Buffer | null = null
  if (photo === FILE_TOO_LARGE) errors.photo = [t('dues.error.proofTooLarge')]
  else if (photo && typeof photo !== 'string') {
    const photoBytes = new Uint8Array(await photo.arrayBuffer())
    if (!sniffType(photoBytes, ['image/jpeg', 'image/png', 'image/webp'])) errors.photo = [t('myProfile.badPhoto')]
    else photoImage = await resizeProfilePhoto(photoBytes).catch(() => null)
    if (!photoImage) errors.photo ??= [t('myProfile.badPhoto')]
  }
  if (!parsed.success || Object.keys(errors).length) return formError(errors, values)

  const d = parsed.data as z.infer<ReturnType<typeof profileSchema>> & Record<string, string>
  const contacts = Object.fromEntries(
    CONTACT_FIELDS.filter((f) => d[f]).map((f) => [f, { value: d[f], visibility: d[visibilityField(f)] as 'members' | 'nobody' }]),
  )
  const saved = updateProfile(app, viewer.id, {
    promotion: d.promotion,
    diploma: d.diploma,
    company: d.company,
    jobTitle: d.jobTitle,
    sector: d.sector,
    city: d.city,
    country: d.country.toUpperCase(),
    bio: d.bio,
    contacts,
    contactConsent: d.contactConsent === 'on',
    inDirectory: d.inDirectory === 'on',
  })
  if (!saved.ok) return formError({ city: [t('myProfile.unknownCity')] }, values)
  const diplomasSaved = setOwnDiplomas(app, viewer.id, ownDiplomas)
  if (!diplomasSaved.ok) return formError({ ownDiplomas: [t('myProfile.diplomas.tooMany', { max: MAX_OWN_DIPLOMAS })] }, values)
  if (photoImage) await setProfilePhoto(app, viewer.id, photoImage)
  else if (formData.get('removePhoto') === 'on') await removeProfilePhoto(app, viewer.id)
  return redirectWithToast(context, '/mon-compte/profil', { type: 'success', key: 'myProfile.saved' })
}

export default function MyProfile() {
  const t = useT()
  const { profile, diplomas, memberDiplomas, promotions, viewerId } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  const e = result.errors
  const v = (name: string, fallback: string | number | null | undefined) => result.values[name] ?? (fallback == null ? '' : String(fallback))
  const checked = (name: string, fallback: boolean) => (result.failed ? result.values[name] === 'on' : fallback)
  return (
    <AccountLayout>
      <div className="narrow narrow--wide account-page">
        <PageHeader title={t('myProfile.title')} lead={t('myProfile.lead')}>
          <Link to={`/membres/${viewerId}`}>{t('myProfile.view')}</Link>
        </PageHeader>
        <Form method="post" encType="multipart/form-data" className="card form" noValidate>
          <ErrorSummary errors={e} />
          <section className="form-section">
            <h2>{t('myProfile.photo')}</h2>
            <ImageField
              label={t('myProfile.photo')}
              hint={t('myProfile.photoHint')}
              name="photo"
              current={profile?.photo ? `/membres/${viewerId}/photo` : null}
              errors={e.photo}
            />
            {profile?.photo ? <CheckboxField label={t('myProfile.photoRemove')} name="removePhoto" /> : null}
          </section>
          <section className="form-section">
            <h2>{t('myProfile.career')}</h2>
            <Field
              label={t('dues.field.promotion')}
              name="promotion"
              type="number"
              inputMode="numeric"
              min={promotions.min}
              max={promotions.max}
              required
              defaultValue={v('promotion', profile?.promotion)}
              errors={e.promotion}
            />
            <SelectField
              label={t('dues.field.diploma')}
              name="diploma"
              required
              placeholder={t('dues.field.diplomaChoose')}
              options={diplomas.map((d) => ({ value: d, label: diplomaLabel(t, d) }))}
              defaultValue={v('diploma', profile?.diploma)}
              errors={e.diploma}
            />
            <div className="profile-diplomas">
              {memberDiplomas.roster.length > 0 ? (
                <div className="profile-diplomas__list" data-testid="roster-diplomas">
                  <p>
                    <strong>{t('myProfile.diplomas.fromList')}</strong>
                  </p>
                  <ul>
                    {memberDiplomas.roster.map((d) => (
                      <li key={d}>{diplomaLabel(t, d)}</li>
                    ))}
                  </ul>
                  <p className="field__hint">{t('myProfile.diplomas.fromListHint')}</p>
                </div>
              ) : null}
              <CheckboxGroup
                legend={t('myProfile.diplomas.own')}
                hint={t('myProfile.diplomas.ownHint', { max: MAX_OWN_DIPLOMAS })}
                name="ownDiplomas"
                options={[...new Set([...diplomas, ...memberDiplomas.own])]
                  // Neither the main diploma nor the list's: they are there already.
                  .filter((d) => !sameDiploma(d, profile?.diploma) && !memberDiplomas.roster.some((r) => sameDiploma(r, d)))
                  .map((d) => ({ value: d, label: diplomaLabel(t, d) }))}
                values={result.failed ? (result.values.ownDiplomas ?? '').split('\n').filter(Boolean) : memberDiplomas.own}
                errors={e.ownDiplomas}
              />
            </div>
            <Field
              label={t('myProfile.jobTitle')}
              name="jobTitle"
              maxLength={MAX.jobTitle}
              defaultValue={v('jobTitle', profile?.jobTitle)}
              errors={e.jobTitle}
            />
            <Field label={t('myProfile.company')} name="company" maxLength={MAX.company} defaultValue={v('company', profile?.company)} errors={e.company} />
            <Field label={t('myProfile.sector')} name="sector" maxLength={MAX.sector} defaultValue={v('sector', profile?.sector)} errors={e.sector} />
          </section>
          <section className="form-section">
            <h2>{t('myProfile.place')}</h2>
            <Field
              label={t('myProfile.city')}
              hint={t('myProfile.cityHint')}
              name="city"
              maxLength={MAX.city}
              autoComplete="address-level2"
              defaultValue={v('city', profile?.city)}
              errors={e.city}
            />
            <Field
              label={t('myProfile.country')}
              name="country"
              maxLength={2}
              autoComplete="country"
              defaultValue={v('country', profile?.country)}
              errors={e.country}
            />
          </section>
          <TextAreaField label={t('myProfile.bio')} name="bio" rows={4} maxLength={MAX.bio} defaultValue={v('bio', profile?.bio)} errors={e.bio} />
          <ContactFieldset contacts={profile?.contacts ?? {}} values={result.failed ? result.values : undefined} errors={e} />
          <section className="form-section">
            <h2>{t('myProfile.privacy')}</h2>
            <CheckboxField
              label={t('myProfile.consent')}
              name="contactConsent"
              id="consent"
              hint={t('myProfile.consentHint')}
              defaultChecked={checked('contactConsent', profile?.contactConsent ?? false)}
            />
            <CheckboxField
              label={t('myProfile.inDirectory')}
              name="inDirectory"
              id="directory"
              hint={t('myProfile.inDirectoryHint')}
              defaultChecked={checked('inDirectory', profile?.inDirectory ?? true)}
            />
          </section>
          <SubmitButton>{t('myProfile.submit')}</SubmitButton>
        </Form>
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
