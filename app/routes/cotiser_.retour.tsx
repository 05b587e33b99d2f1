import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { formatMoney } from '~/i18n'
import { paymentForSession } from '~/features/dues/membership.server'
import { requireUser } from '~/features/accounts/guards.server'
import { invariantResponse } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('dues.return.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const sessionId = new URL(request.url).searchParams.get('session') ?? ''
  const payment = sessionId ? paymentForSession(context.app, viewer.id, sessionId) : undefined
  invariantResponse(payment, 'Unknown payment', { status: 404 })
  return { status: payment.status, amountCents: payment.amountCents }
}

/** Says the payment is being confirmed, and updates by itself once the webhook has landed. */
export default function PaymentReturn() {
  const t = useT()
  const { locale } = useRootData()
  const { status, amountCents } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const pending = status === 'pending'
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 1500)
    return () => clearInterval(timer)
  }, [pending, revalidator])

  if (pending) {
    return (
      <div className="narrow">
        {/* Without JavaScript the page reloads itself. */}
        <noscript>
          <meta httpEquiv="refresh" content="3" />
        </noscript>
        <PageHeader title={t('dues.return.title')} />
        <div className="card state" role="status" aria-live="polite">
          <span className="spinner spinner--large" aria-hidden="true" />
          <p>{t('dues.return.pending')}</p>
        </div>
      </div>
    )
  }
  return (
    <div className="narrow">
      <PageHeader title={t('dues.return.paidTitle')} />
      <div className="card state" role="status">
        <p>{t('dues.return.paid', { amount: formatMoney(locale, amountCents) })}</p>
        <Link to="/annuaire" className="button button--primary">
          {t('dues.alreadyMemberCta')}
        </Link>
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
