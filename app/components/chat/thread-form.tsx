import { Form } from '@remix-run/react'
import { useT } from '../../utils/i18n'
import { SubmitButton } from '../forms'

/** A new thread: its title and first post (group pages and the forum). */
export function ThreadForm() {
  const t = useT()
  return (
    <details className="thread-form">
      <summary className="button button--secondary button--small">{t('chat.newThread')}</summary>
      <Form method="post" className="form">
        <div className="field">
          <label htmlFor="thread-title">{t('chat.threadTitle')}</label>
          <input id="thread-title" name="title" required minLength={3} maxLength={150} />
        </div>
        <div className="field">
          <label htmlFor="thread-body">{t('chat.threadBody')}</label>
          <textarea id="thread-body" name="body" rows={4} required maxLength={4000} />
        </div>
        <SubmitButton intent="thread">{t('chat.createThread')}</SubmitButton>
      </Form>
    </details>
  )
}
