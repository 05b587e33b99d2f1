import { Form } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { Field, SubmitButton, TextAreaField } from '~/shared/components/forms'
import type { FormResult } from '~/shared/form-result'
import { MAX_MESSAGE_LENGTH, THREAD_TITLE_MAX } from '~/features/groups/schema'

/** A new thread: its title and first post (group pages and the forum); opened again on an error (`formFailure(data, 'thread')`). */
export function ThreadForm({ result }: { result: FormResult }) {
  const t = useT()
  const { errors, values } = result
  return (
    <details className="thread-form" open={result.failed || undefined}>
      <summary className="button button--secondary button--small">{t('chat.newThread')}</summary>
      <Form method="post" className="form">
        <Field
          label={t('chat.threadTitle')}
          name="title"
          id="thread-title"
          required
          minLength={3}
          maxLength={THREAD_TITLE_MAX}
          defaultValue={values.title}
          errors={errors.title}
        />
        <TextAreaField
          label={t('chat.threadBody')}
          name="body"
          id="thread-body"
          rows={4}
          required
          maxLength={MAX_MESSAGE_LENGTH}
          defaultValue={values.body}
          errors={errors.body}
        />
        <SubmitButton intent="thread">{t('chat.createThread')}</SubmitButton>
      </Form>
    </details>
  )
}
