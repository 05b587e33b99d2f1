import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { translator } from '~/i18n'
import { ErrorSummary, Field, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { baseUrl, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { formObject, parseForm } from '~/shared/validation'
import { minutesUntil } from '~/features/accounts/throttle.server'
import termsCss from '~/features/moderation/components/terms.css'
import { CONTACT_MESSAGE_MAX, CONTACT_MESSAGE_MIN, CONTACT_SUBJECT_MAX, CONTACT_TRAP_FIELD, contactForm, subjectFromQuery } from '~/features/moderation/contact'
import { sendContactMessage } from '~/features/moderation/contact.server'

export const meta = titleMeta('contactForm.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

/** Public. A logged-in member finds their name and address filled in; `?sujet=` fills the subject. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = context
  return {
    prefill: {
      name: viewer ? `${viewer.firstName} ${viewer.lastName}`.trim() : '',
      email: viewer?.email ?? '',
      subject: subjectFromQuery(new URL(request.url).searchParams.get('sujet')),
    },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const formData = await readForm(request)
  const form = formObject(formData)
  const values = { name: form.name ?? '', email: form.email ?? '', subject: form.subject ?? '', message: form.message ?? '' }
  const parsed = parseForm(contactForm, formData, (key, params) => t(key, key === 'contactForm.error.messageShort' ? { min: CONTACT_MESSAGE_MIN } : params))
  if (!parsed.success) return formError(parsed.errors, values)
  const result = sendContactMessage(context.app, {
    ...parsed.data,
    ip: context.clientIp,
    userId: context.viewer?.id ?? null,
    trapped: (form[CONTACT_TRAP_FIELD] ?? '').trim() !== '',
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) return formError({ form: [t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })] }, values, { status: 429 })
  return { sent: true as const, email: parsed.data.email.trim().toLowerCase() }
}

export default function Contact() {
  const t = useT()
  const { prefill } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  if (answer && 'sent' in answer) {
    return (
      <div className="narrow">
        <PageHeader title={t('contactForm.sent.title')} />
        <div className="card">
          <p className="alert alert--success" role="status">
            {t('contactForm.sent.body', { email: answer.email })}
          </p>
          <Link to="/contact" reloadDocument>
            {t('contactForm.sent.another')}
          </Link>
        </div>
      </div>
    )
  }
  const { errors, values, failed } = formFailure(answer)
  const value = (name: 'name' | 'email' | 'subject' | 'message') => (failed ? values[name] : name === 'message' ? '' : prefill[name])
  return (
    <div className="narrow narrow--wide">
      <PageHeader title={t('contactForm.title')} lead={t('contactForm.lead')} />
      <Form method="post" className="card form" noValidate>
        <ErrorSummary errors={errors} />
        <Field label={t('contactForm.field.name')} name="name" autoComplete="name" required maxLength={100} defaultValue={value('name')} errors={errors.name} />
        <Field
          label={t('contactForm.field.email')}
          hint={t('contactForm.field.emailHint')}
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={value('email')}
          errors={errors.email}
        />
        <Field
          label={t('contactForm.field.subject')}
          name="subject"
          required
          maxLength={CONTACT_SUBJECT_MAX}
          defaultValue={value('subject')}
          errors={errors.subject}
        />
        <TextAreaField
          label={t('contactForm.field.message')}
          name="message"
          rows={8}
          required
          maxLength={CONTACT_MESSAGE_MAX}
          defaultValue={value('message')}
          errors={errors.message}
        />
        {/* The honeypot: off-screen, out of the tab order, hidden from screen readers; only robots fill it. */}
        <div className="contact-trap" aria-hidden="true">
          <label htmlFor="contact-website">{t('contactForm.field.website')}</label>
          <input id="contact-website" type="text" name={CONTACT_TRAP_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <SubmitButton>{t('contactForm.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
