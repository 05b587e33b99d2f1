import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { Field, FileField, FormAlert, SelectField, SubmitButton } from '~/shared/components/forms'
import { ContactFieldset, CONTACT_FIELDS, visibilityField } from '~/features/directory/components/profile-contacts'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { ownProfile, removeProfilePhoto, resizeProfilePhoto, setProfilePhoto, updateProfile } from '~/features/directory/profiles.server'
import { sniffType } from '~/shared/uploads.server'
import { requireUser } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { FILE_TOO_LARGE, parseUploadFields, parseUploadForm, uploadFormValues, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'
import type { FieldErrors } from '~/shared/validation'

export const meta = titleMeta('myProfile.title')

const optional = (schema: z.ZodString) => z.union([z.literal(''), schema]).default('')
const text = (max: number) => z.string().trim().max(max, 'error.tooLong').default('')

function profileSchema(diplomas: string[], maxPromotion: number) {
  return z.object({
    promotion: z.coerce
      .number({ invalid_type_error: 'dues.error.promotion' })
      .int('dues.error.promotion')
      .min(1950, 'dues.error.promotion')
      .max(maxPromotion, 'dues.error.promotion'),
    diploma: z.string().refine((d) => diplomas.includes(d), 'dues.error.diploma'),
    company: text(120),
    jobTitle: text(120),
    sector: text(120),
    city: text(100),
    country: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'myProfile.badCountry'),
    ),
    bio: text(500),
    proEmail: optional(z.string().trim().max(254, 'error.tooLong').email('error.email')),
    personalEmail: optional(z.string().trim().max(254, 'error.tooLong').email('error.email')),
    proPhone: optional(
      z
        .string()
        .trim()
        .regex(/^\+?[0-9 ().-]{6,20}$/, 'myProfile.badPhone'),
    ),
    personalPhone: optional(
      z
        .string()
        .trim()
        .regex(/^\+?[0-9 ().-]{6,20}$/, 'myProfile.badPhone'),
    ),
    linkedin: optional(z.string().trim().url('myProfile.badUrl').startsWith('https://', 'myProfile.badUrl').max(200, 'error.tooLong')),
    ...Object.fromEntries(CONTACT_FIELDS.map((f) => [visibilityField(f), z.enum(['members', 'nobody']).default('nobody')])),
    contactConsent: z.literal('on').optional(),
    inDirectory: z.literal('on').optional(),
  })
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return json({
    viewerId: viewer.id,
    profile: ownProfile(context.app, viewer.id),
    diplomas: context.app.config.DIPLOMAS,
    maxPromotion: context.app.now().getFullYear() + 6,
  })
}

type ActionData = { errors: FieldErrors; values: Record<string, string> }

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const t = translator(context.locale)
  let formData: FormData
  try {
    formData = await parseUploadForm(request)
  } catch (error) {
    if (error instanceof UploadTooLarge) return json<ActionData>({ errors: { photo: [t('dues.error.proofTooLarge')] }, values: {} }, { status: 413 })
    throw error
  }
  // A field cut for its size is left out: the form shows the saved value again, next to its error.
  const values = uploadFormValues(formData)
  const maxPromotion = app.now().getFullYear() + 6
  const parsed = parseUploadFields(profileSchema(app.config.DIPLOMAS, maxPromotion), formData, (key, params) =>
    t(key, key === 'dues.error.promotion' ? { min: 1950, max: maxPromotion } : params),
  )
  const errors: FieldErrors = parsed.success ? {} : parsed.errors
  const photo = formData.get('photo')
  let photoImage: Buffer | null = null
  if (photo === FILE_TOO_LARGE) errors.photo = [t('dues.error.proofTooLarge')]
  else if (photo && typeof photo !== 'string') {
    const photoBytes = new Uint8Array(await photo.arrayBuffer())
    if (!sniffType(photoBytes, ['image/jpeg', 'image/png', 'image/webp'])) errors.photo = [t('myProfile.badPhoto')]
    else photoImage = await resizeProfilePhoto(photoBytes).catch(() => null)
    if (!photoImage) errors.photo ??= [t('myProfile.badPhoto')]
  }
  if (!parsed.success || Object.keys(errors).length) return json<ActionData>({ errors, values }, { status: 400 })

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
  if (!saved.ok) return json<ActionData>({ errors: { city: [t('myProfile.unknownCity')] }, values }, { status: 400 })
  if (photoImage) await setProfilePhoto(app, viewer.id, photoImage)
  else if (formData.get('removePhoto') === 'on') await removeProfilePhoto(app, viewer.id)
  return redirectWithToast(context, '/mon-compte/profil', { type: 'success', key: 'myProfile.saved' })
}

export default function MyProfile() {
  const t = useT()
  const { profile, diplomas, maxPromotion, viewerId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const e = result?.errors ?? {}
  const v = (name: string, fallback: string | number | null | undefined) => result?.values[name] ?? (fallback == null ? '' : String(fallback))
  const checked = (name: string, fallback: boolean) => (result ? result.values[name] === 'on' : fallback)
  return (
    <div className="narrow narrow--wide">
      <PageHeader title={t('myProfile.title')} lead={t('myProfile.lead')}>
        <Link to={`/membres/${viewerId}`}>{t('myProfile.view')}</Link>
      </PageHeader>
      <Form method="post" encType="multipart/form-data" className="card form" noValidate>
        <FormAlert messages={Object.keys(e).length ? [t('form.errorSummary')] : undefined} />
        <section className="form-section">
          <h2>{t('myProfile.photo')}</h2>
          {profile?.photo ? <img className="avatar avatar--large" src={`/membres/${viewerId}/photo`} alt="" width={120} height={120} /> : null}
          <FileField label={t('myProfile.photo')} hint={t('myProfile.photoHint')} name="photo" accept="image/jpeg,image/png,image/webp" errors={e.photo} />
          {profile?.photo ? (
            <label className="checkbox">
              <input type="checkbox" name="removePhoto" /> {t('myProfile.photoRemove')}
            </label>
          ) : null}
        </section>
        <section className="form-section">
          <h2>{t('myProfile.career')}</h2>
          <Field
            label={t('dues.field.promotion')}
            name="promotion"
            type="number"
            inputMode="numeric"
            min={1950}
            max={maxPromotion}
            required
            defaultValue={v('promotion', profile?.promotion)}
            errors={e.promotion}
          />
          <SelectField
            label={t('dues.field.diploma')}
            name="diploma"
            placeholder={t('dues.field.diplomaChoose')}
            options={diplomas.map((d) => ({ value: d, label: d }))}
            defaultValue={v('diploma', profile?.diploma)}
            errors={e.diploma}
          />
          <Field label={t('myProfile.jobTitle')} name="jobTitle" maxLength={120} defaultValue={v('jobTitle', profile?.jobTitle)} errors={e.jobTitle} />
          <Field label={t('myProfile.company')} name="company" maxLength={120} defaultValue={v('company', profile?.company)} errors={e.company} />
          <Field label={t('myProfile.sector')} name="sector" maxLength={120} defaultValue={v('sector', profile?.sector)} errors={e.sector} />
        </section>
        <section className="form-section">
          <h2>{t('myProfile.place')}</h2>
          <Field
            label={t('myProfile.city')}
            hint={t('myProfile.cityHint')}
            name="city"
            maxLength={100}
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
        <div className="field">
          <label htmlFor="bio">{t('myProfile.bio')}</label>
          <textarea
            id="bio"
            name="bio"
            rows={4}
            maxLength={500}
            defaultValue={v('bio', profile?.bio)}
            aria-invalid={e.bio ? true : undefined}
            aria-describedby={e.bio ? 'bio-error' : undefined}
          />
          {e.bio ? (
            <p className="field__error" id="bio-error">
              {e.bio.join(' ')}
            </p>
          ) : null}
        </div>
        <ContactFieldset contacts={profile?.contacts ?? {}} values={result?.values} errors={e} />
        <section className="form-section">
          <h2>{t('myProfile.privacy')}</h2>
          <label className="checkbox">
            <input
              type="checkbox"
              name="contactConsent"
              defaultChecked={checked('contactConsent', profile?.contactConsent ?? false)}
              aria-describedby="consent-hint"
            />
            <span>{t('myProfile.consent')}</span>
          </label>
          <p className="field__hint" id="consent-hint">
            {t('myProfile.consentHint')}
          </p>
          <label className="checkbox">
            <input type="checkbox" name="inDirectory" defaultChecked={checked('inDirectory', profile?.inDirectory ?? true)} aria-describedby="directory-hint" />
            <span>{t('myProfile.inDirectory')}</span>
          </label>
          <p className="field__hint" id="directory-hint">
            {t('myProfile.inDirectoryHint')}
          </p>
        </section>
        <SubmitButton>{t('myProfile.submit')}</SubmitButton>
      </Form>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
