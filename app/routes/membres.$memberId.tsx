import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Avatar } from '~/shared/components/avatar'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { ErrorSummary, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { translator, type MessageKey } from '~/i18n'
import { CONTACT_MESSAGE_MAX, diplomaLabel } from '~/features/directory/schema'
import { directoryReturnHref, profileHref } from '~/features/directory/query'
import { CONTACT_REQUESTS_PER_DAY, memberProfile, sendContactRequest } from '~/features/directory/profiles.server'
import { diplomaList, diplomasOf } from '~/features/directory/diplomas.server'
import { requireMember } from '~/features/accounts/guards.server'
import { activeRestriction, requireUnrestricted } from '~/features/moderation/restrictions.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'
import { ReportLink } from '~/features/moderation/components/report-form'

const ContactForm = z.object({
  message: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').min(20, 'contact.tooShort').max(CONTACT_MESSAGE_MAX, 'error.tooLong'),
})

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  const profile = memberProfile(context.app, viewer, params.memberId ?? '')
  invariantResponse(profile, 'Not found', { status: 404 })
  // Validated and rebuilt: « Retour à l’annuaire » leads back to the search, never elsewhere.
  return {
    profile,
    // Every diploma once, the profile's first (issue #17: the school's list's and the member's own).
    diplomas: diplomaList(diplomasOf(context.app, profile.id)),
    backTo: directoryReturnHref(new URL(request.url).searchParams.get('retour')),
    restricted: activeRestriction(context.app, viewer.id) !== null,
  }
}

export const meta = ({ data }: { data?: { profile: { firstName: string; lastName: string } } }) => [
  { title: data ? `${data.profile.firstName} ${data.profile.lastName}` : 'Annuaire' },
]

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  requireUnrestricted(context.app, viewer.id)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const { message = '' } = formObject(formData)
  const parsed = parseForm(ContactForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, { message })
  const memberId = params.memberId ?? ''
  const result = await sendContactRequest(context.app, { from: viewer, toUserId: memberId, message: parsed.data.message })
  if (!result.ok) {
    const refusal = result.error === 'limit' ? t('contact.limit', { max: CONTACT_REQUESTS_PER_DAY }) : t('contact.refused')
    return formError({ form: [refusal] }, { message }, { status: result.error === 'limit' ? 429 : 403 })
  }
  const profile = memberProfile(context.app, viewer, memberId)
  const backTo = directoryReturnHref(new URL(request.url).searchParams.get('retour'))
  return redirectWithToast(context, profileHref(memberId, backTo), {
    type: 'success',
    key: 'contact.sent',
    params: { name: `${profile?.firstName} ${profile?.lastName}` },
  })
}

const CONTACT_LABELS: Record<string, MessageKey> = {
  proEmail: 'profile.proEmail',
  proPhone: 'profile.proPhone',
  personalEmail: 'profile.personalEmail',
  personalPhone: 'profile.personalPhone',
  linkedin: 'profile.linkedin',
}

function contactHref(field: string, value: string) {
  if (field.endsWith('Email')) return `mailto:${value}`
  if (field.endsWith('Phone')) return `tel:${value.replace(/\s/g, '')}`
  return value.startsWith('https://') ? value : undefined
}

export default function MemberProfile() {
  const t = useT()
  const { profile, diplomas, backTo, restricted } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  const name = `${profile.firstName} ${profile.lastName}`
  const contacts = Object.entries(profile.contacts)
  return (
    <div className="profile">
      <p>
        <Link to={backTo} data-testid="back-to-directory">
          ← {t('profile.back')}
        </Link>
      </p>
      <header className="profile__header card">
        <Avatar person={profile} size="large" alt={t('profile.photoAlt', { name })} eager />
        <div>
          <h1>{name}</h1>
          {profile.promotion ? (
            <p className="lead">
              {t('directory.promo', { year: String(profile.promotion) })}
              {profile.diploma ? ` — ${diplomaLabel(t, profile.diploma)}` : ''}
            </p>
          ) : null}
          {diplomas.length > 1 ? (
            <p data-testid="profile-diplomas">{t('profile.diplomas', { list: diplomas.map((d) => diplomaLabel(t, d)).join(' · ') })}</p>
          ) : null}
          {profile.jobTitle || profile.company ? <p>{[profile.jobTitle, profile.company].filter(Boolean).join(' · ')}</p> : null}
          {profile.city ? (
            <p className="muted">
              {profile.city}
              {profile.country ? ` (${profile.country})` : ''}
            </p>
          ) : null}
          {profile.isSelf ? (
            <Link to="/mon-compte/profil" className="button button--secondary">
              {t('profile.edit')}
            </Link>
          ) : (
            <p>
              <ReportLink kind="member" id={profile.id} back={`/membres/${profile.id}`} label={t('moderation.reports.linkMember')} />
            </p>
          )}
        </div>
      </header>
      <div className="grid grid--2">
        <section className="card" aria-labelledby="coordonnees">
          <h2 id="coordonnees">{t('profile.contact')}</h2>
          {contacts.length === 0 ? (
            <p className="muted">{t('profile.noContact')}</p>
          ) : (
            <dl className="fact-list" data-testid="profile-contacts">
              {contacts.map(([field, value]) => {
                const href = contactHref(field, value)
                return (
                  <div key={field} className="fact-list__row">
                    <dt>{t(CONTACT_LABELS[field])}</dt>
                    <dd>
                      {href ? (
                        <a href={href} rel="noopener noreferrer">
                          {value}
                        </a>
                      ) : (
                        value
                      )}
                    </dd>
                  </div>
                )
              })}
            </dl>
          )}
          {profile.sector ? (
            <p>
              <strong>{t('profile.sector')} :</strong> {profile.sector}
            </p>
          ) : null}
          {profile.bio ? (
            <>
              <h3>{t('profile.bio')}</h3>
              <p className="bio">{profile.bio}</p>
            </>
          ) : null}
        </section>
        {profile.canContact ? (
          <section className="card" aria-labelledby="mise-en-relation">
            <h2 id="mise-en-relation">{t('contact.title')}</h2>
            {restricted ? (
              <p className="muted">{t('moderation.restricted.body')}</p>
            ) : (
              <Form method="post" className="form" noValidate>
                <ErrorSummary errors={result.errors} />
                <TextAreaField
                  label={t('contact.message')}
                  name="message"
                  rows={6}
                  required
                  maxLength={CONTACT_MESSAGE_MAX}
                  defaultValue={result.values.message}
                  errors={result.errors.message}
                />
                <SubmitButton>{t('contact.submit')}</SubmitButton>
              </Form>
            )}
          </section>
        ) : null}
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
