import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav, isReader } from '~/features/careers/components/careers-nav'
import { ConfirmAction } from '~/features/careers/components/confirm'
import { contractKey, formatMoment } from '~/features/careers/components/format'
import { StatusBadge } from '~/features/careers/components/offer-card'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { closeJobOffer, myJobOffers } from '~/features/careers/careers.server'
import { requireUser } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'
import { HeldBadge, HeldNotice } from '~/features/moderation/components/held-notice'

export const meta = titleMeta('careers.myOffers.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { ...myJobOffers(context.app, viewer.id, pageParam(request)), page: pageParam(request), reader: isReader(viewer) }
}

/** « Clôturer »: the offer is filled (or withdrawn); confirmed on the page first. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const form = formObject(await readForm(request))
  const id = Number(form.offerId)
  invariantResponse(form.intent === 'close' && Number.isInteger(id), 'Invalid form')
  const result = closeJobOffer(context.app, viewer.id, id)
  if (!result.ok)
    return redirectWithToast(context, '/carriere/mes-offres', {
      type: 'error',
      key: result.error === 'notFound' ? 'careers.error.notFound' : 'careers.myOffers.notClosable',
    })
  return redirectWithToast(context, '/carriere/mes-offres', { type: 'success', key: 'careers.myOffers.closed' })
}

export default function MyOffers() {
  const t = useT()
  const { locale } = useRootData()
  const { offers, page, pages, total, reader } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <PageHeader title={t('careers.myOffers.title')} lead={t('careers.myOffers.lead')}>
        <Link to="/carriere/deposer" className="button button--primary">
          {t('careers.nav.post')}
        </Link>
      </PageHeader>
      <CareersNav reader={reader} />
      {total === 0 ? (
        <div className="card state state--soft">
          <p>{t('careers.myOffers.empty')}</p>
          <Link to="/carriere/deposer" className="button button--secondary">
            {t('careers.nav.post')}
          </Link>
        </div>
      ) : (
        <ul className="offer-list">
          {offers.map((o) => (
            <li key={o.id} className="card offer-card">
              <h2 className="offer-card__title">
                <Link to={`/carriere/offres/${o.id}`}>{o.title}</Link>
              </h2>
              <p className="offer-card__meta">
                <StatusBadge status={o.status} />
                <HeldBadge kind="offer" hold={o.hold} />
                <span>{o.company}</span>
                <span>{t(contractKey(o.contractType))}</span>
                <span>{o.city}</span>
                <span className="muted">{t('careers.myOffers.postedOn', { date: formatMoment(locale, o.createdAt) })}</span>
              </p>
              <p>{t('careers.myOffers.applications', { count: o.applications })}</p>
              <HeldNotice kind="offer" id={o.id} hold={o.hold} />
              {o.status === 'rejected' && o.rejectionReason ? (
                <p className="alert alert--error">{t('careers.myOffers.rejectedBecause', { reason: o.rejectionReason })}</p>
              ) : null}
              {o.status === 'published' && o.expiresAt && !o.hold ? (
                <p className="muted">{t('careers.myOffers.expiresOn', { date: formatMoment(locale, o.expiresAt) })}</p>
              ) : null}
              <div className="actions">
                {(o.status === 'pending' || o.status === 'published' || o.status === 'rejected') && o.hold !== 'edited' ? (
                  <Link to={`/carriere/mes-offres/${o.id}`} className="button button--secondary button--small">
                    {t('careers.myOffers.edit')}
                  </Link>
                ) : null}
                {o.status === 'expired' || o.status === 'filled' ? (
                  <Link to={`/carriere/deposer?depuis=${o.id}`} className="button button--secondary button--small">
                    {t('careers.myOffers.repost')}
                  </Link>
                ) : null}
                {o.status === 'pending' || o.status === 'published' ? (
                  <ConfirmAction
                    label={t('careers.myOffers.close')}
                    warning={t('careers.myOffers.closeWarning')}
                    confirmLabel={t('careers.myOffers.closeConfirm')}
                    intent="close"
                    fields={{ offerId: o.id }}
                  />
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
