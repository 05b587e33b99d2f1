import { Form } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { ErrorSummary, Field, FieldScope, SubmitButton, TextAreaField } from '~/shared/components/forms'
import type { FormResult } from '~/shared/form-result'
import { MAX_MESSAGE_LENGTH, THREAD_TITLE_MAX } from '~/features/groups/schema'

/** A new thread: its title and first post (group pages and the forum); opened again on an error (`formFailure(data, 'thread')`). */
export function ThreadForm({ result }: { result: FormResult }) {
  const t = useT()
  const { errors, values } = result
  return (
    <details className="thread-form" open={result.failed || undefined}>
      <summary className="button button--secondary button--small">{t('chat.newThread')}</summary>
      {/* Its own ids: a group page has other forms. */}
      <FieldScope name="thread">
        <Form method="post" className="form">
          <ErrorSummary errors={errors} />
          <Field
            label={t('chat.threadTitle')}
            name="title"
            required
            minLength={3}
            maxLength={THREAD_TITLE_MAX}
            defaultValue={values.title}
            errors={errors.title}
          />
          <TextAreaField
            label={t('chat.threadBody')}
            name="body"
            rows={4}
            required
            maxLength={MAX_MESSAGE_LENGTH}
            defaultValue={values.body}
            errors={errors.body}
          />
          <SubmitButton intent="thread">{t('chat.createThread')}</SubmitButton>
        </Form>
      </FieldScope>
    </details>
  )
}
