import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { contractKey, formatDay, formatMoment, remoteKey, sectorKey } from '~/features/careers/components/format'
import { ApproveOrReject } from '~/shared/components/approve-or-reject'
import { translator } from '~/i18n'
import { RejectionForm } from '~/features/careers/careers-forms.server'
import { approveJobOffer, moderationQueue, rejectJobOffer, undoableApprovals, undoJobOfferApproval } from '~/features/careers/careers.server'
import { UndoApprovals } from '~/features/careers/components/undo-approvals'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { REJECTION_REASON_MAX } from '~/features/careers/schema'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('admin.offers')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  return {
    queue: moderationQueue(context.app).map(({ offer, ...who }) => ({ ...offer, searchText: undefined, author: who })),
    // The publications of this webmaster that « Annuler » can still take back, with the server's clock.
    undoable: undoableApprovals(context.app, viewer.id),
    now: context.app.now().getTime(),
  }
}

const undoErrors = { tooLate: 'admin.offers.undoTooLate', answered: 'admin.offers.undoAnswered', notUndoable: 'admin.offers.undoRefused' } as const

/** Approve (then undo within the minute), or refuse with a reason that is mailed to the poster. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const form = formObject(formData)
  const offerId = Number(form.offerId)
  invariantResponse(Number.isInteger(offerId), 'Invalid form')
  if (form.intent === 'approve') {
    const result = approveJobOffer(context.app, viewer.id, offerId, { baseUrl: baseUrl(request, context.app.config.APP_URL) })
    if (!result.ok)
      return redirectWithToast(context, '/admin/offres', {
        type: 'error',
        key: result.error === 'deadlinePassed' ? 'admin.offers.deadlinePassed' : 'admin.offers.alreadyReviewed',
      })
    // No flash message: the queue's own « Offre publiée — Annuler » says it, for the minute undo lasts.
    return redirect('/admin/offres')
  }
  if (form.intent === 'undo') {
    const result = undoJobOfferApproval(context.app, viewer.id, offerId)
    if (!result.ok) return redirectWithToast(context, '/admin/offres', { type: 'error', key: undoErrors[result.error] })
    return redirectWithToast(context, '/admin/offres', { type: 'success', key: 'admin.offers.undone' })
  }
  const parsed = parseForm(RejectionForm, formData, (key, p) => t(key, key === 'error.tooLong' ? { max: 1000 } : p))
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { offerId } })
  const result = await rejectJobOffer(context.app, viewer.id, { offerId, reason: parsed.data.reason, baseUrl: baseUrl(request, context.app.config.APP_URL) })
  if (!result.ok) return redirectWithToast(context, '/admin/offres', { type: 'error', key: 'admin.offers.alreadyReviewed' })
  return redirectWithToast(context, '/admin/offres', { type: 'success', key: 'admin.offers.rejected' })
}

export default function OffersAdmin() {
  const t = useT()
  const { locale } = useRootData()
  const { queue, undoable, now } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <section aria-labelledby="a-valider">
      <UndoApprovals approvals={undoable} serverNow={now} />
      <h2 id="a-valider">{t('admin.offers.queue', { count: queue.length })}</h2>
      {queue.length === 0 ? (
        <p className="card state state--soft">{t('admin.offers.empty')}</p>
      ) : (
        <ul className="offer-list">
          {queue.map((o) => (
            <li key={o.id} className="card">
              <h3 className="offer-card__title">
                <Link to={`/carriere/offres/${o.id}`}>{o.title}</Link>
              </h3>
              <p className="offer-card__meta">
                <strong>{o.company}</strong>
                <span className="badge badge--contract">{t(contractKey(o.contractType))}</span>
                <span>
                  {o.city} ({o.country})
                </span>
                <span>{t(remoteKey(o.remote))}</span>
                <span>{t(sectorKey(o.sector))}</span>
              </p>
              <p className="muted">
                {t('admin.offers.postedBy', {
                  name: `${o.author.firstName} ${o.author.lastName}`,
                  email: o.author.email,
                  date: formatMoment(locale, o.updatedAt),
                })}
              </p>
              <p className="muted">{t('admin.offers.deadline', { date: formatDay(locale, o.deadline), email: o.applicationEmail })}</p>
              <details>
                <summary>{t('admin.offers.read')}</summary>
                <p className="offer-text">{o.description}</p>
                <p className="offer-text">{o.profileSought}</p>
              </details>
              <ApproveOrReject
                idName="offerId"
                id={o.id}
                open={data?.offerId === o.id}
                reasonErrors={data?.offerId === o.id ? data.errors.reason : undefined}
                reasonMaxLength={REJECTION_REASON_MAX}
                labels={{
                  approve: t('admin.offers.approve'),
                  reject: t('admin.offers.reject'),
                  reason: t('admin.offers.reason'),
                  reasonHint: t('admin.offers.reasonHint'),
                  confirm: t('admin.offers.rejectConfirm'),
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
