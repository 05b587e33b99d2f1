import { Form, Link } from '@remix-run/react'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'

/**
 * The page an unsubscribe link opens (an event's invitations, the letter, « Ne plus m'écrire »):
 * a button rather than an unsubscribe on GET, since mail scanners follow links; once posted, what
 * was done. `more`: the link under it (the consent centre, or the privacy policy without account).
 */
export function UnsubscribePage(props: { title: MessageKey; lead: string; done: string | null; submit: MessageKey; more: { to: string; label: MessageKey } }) {
  const t = useT()
  return (
    <div className="narrow">
      <PageHeader title={t(props.title)} lead={props.done ?? props.lead} />
      {props.done ? null : (
        <Form method="post">
          <SubmitButton>{t(props.submit)}</SubmitButton>
        </Form>
      )}
      <p>
        <Link to={props.more.to}>{t(props.more.label)}</Link>
      </p>
    </div>
  )
}
