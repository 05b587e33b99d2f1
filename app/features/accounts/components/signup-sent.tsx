import { useT } from '~/shared/i18n'
import { PageHeader } from '~/shared/components/layout'

/** The one answer to a sign-up, for a new address and a taken one alike. */
export function SignUpSent({ email }: { email: string }) {
  const t = useT()
  return (
    <div className="narrow">
      <PageHeader title={t('signup.sent.title')} />
      <div className="card">
        <p className="alert alert--success" role="status">
          {t('signup.sent.body', { email })}
        </p>
        <p className="muted">{t('signup.sent.help')}</p>
      </div>
    </div>
  )
}
