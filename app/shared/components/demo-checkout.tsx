import { Form, Link } from '@remix-run/react'
import { formatMoney } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { PageHeader } from '~/shared/components/layout'

/** The built-in checkout page (no Stripe key): a clear banner, the amount, pay or go back. */
export function DemoCheckout({ amountCents, summary, cancelTo }: { amountCents: number; summary: (amount: string) => string; cancelTo: string }) {
  const t = useT()
  const { locale } = useRootData()
  const amount = formatMoney(locale, amountCents)
  return (
    <div className="narrow">
      <div className="banner" role="note">
        <strong>{t('dues.demoBanner')}</strong>
        {t('dues.demoBannerBody')}
      </div>
      <PageHeader title={t('dues.demo.title')} lead={summary(amount)} />
      <Form method="post" className="card form">
        <button type="submit" className="button button--primary">
          {t('dues.demo.pay', { amount })}
        </button>
        <Link to={cancelTo} className="button button--ghost">
          {t('dues.demo.cancel')}
        </Link>
      </Form>
    </div>
  )
}
