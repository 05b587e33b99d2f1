import { Form } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { SubmitButton } from '~/shared/components/forms'

/** A new thread: its title and first post (group pages and the forum); opened again on an error. */
export function ThreadForm({ errors, values }: { errors?: Record<string, string[] | undefined>; values?: Record<string, string> }) {
  const t = useT()
  return (
    <details className="thread-form" open={errors ? true : undefined}>
      <summary className="button button--secondary button--small">{t('chat.newThread')}</summary>
      <Form method="post" className="form">
        <div className="field">
          <label htmlFor="thread-title">{t('chat.threadTitle')}</label>
          <input
            id="thread-title"
            name="title"
            required
            minLength={3}
            maxLength={150}
            defaultValue={values?.title}
            aria-invalid={errors?.title ? true : undefined}
            aria-describedby={errors?.title ? 'thread-title-error' : undefined}
          />
          <FieldError id="thread-title-error" errors={errors?.title} />
        </div>
        <div className="field">
          <label htmlFor="thread-body">{t('chat.threadBody')}</label>
          <textarea
            id="thread-body"
            name="body"
            rows={4}
            required
            maxLength={4000}
            defaultValue={values?.body}
            aria-invalid={errors?.body ? true : undefined}
            aria-describedby={errors?.body ? 'thread-body-error' : undefined}
          />
          <FieldError id="thread-body-error" errors={errors?.body} />
        </div>
        <SubmitButton intent="thread">{t('chat.createThread')}</SubmitButton>
      </Form>
    </details>
  )
}

/** The form's errors and values from an action answer, if that answer was about a new thread. */
export function threadForm(result: object | undefined): { errors?: Record<string, string[]>; values?: Record<string, string> } {
  if (!result || !('threadErrors' in result)) return {}
  const { threadErrors, threadValues } = result as { threadErrors: Record<string, string[]>; threadValues?: Record<string, string> }
  return { errors: threadErrors, values: threadValues }
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p className="field__error" id={id}>
      {errors.join(' ')}
    </p>
  ) : null
}
