import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CheckboxField, ErrorSummary, Field, SubmitButton } from '~/shared/components/forms'
import { formatDateTime, translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import {
  activationAudience,
  latestActivationProgress,
  recentActivationSends,
  rosterPromotionRange,
  runActivationSend,
  startActivationSend,
} from '~/features/roster/activation-sends.server'
import { ACTIVATION_BATCH, ACTIVATION_COOLDOWN_DAYS, formatPromotions, parsePromotions } from '~/features/roster/activation-schema'
import { ActivationProgressBar } from '~/features/roster/components/activation-progress'
import activationCss from '~/features/roster/components/activation.css'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('roster.invitations.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: activationCss }]

const PAGE = '/admin/diplomes/invitations'

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const typed = (new URL(request.url).searchParams.get('promotions') ?? '').slice(0, 500)
  const promotions = parsePromotions(typed)
  return {
    typed,
    invalid: promotions === 'invalid',
    promotions: promotions === 'invalid' ? null : promotions,
    audience: promotions === 'invalid' ? null : activationAudience(context.app, promotions),
    range: rosterPromotionRange(context.app),
    progress: latestActivationProgress(context.app),
    sends: recentActivationSends(context.app),
  }
}

/** `send`: the promotions typed (empty: all) and the confirmation box; the mails go in the background. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const form = formObject(await readForm(request))
  const values = { promotions: (form.promotions ?? '').slice(0, 500), confirm: form.confirm ?? '' }
  if (form.intent !== 'send') return formError({ form: [t('roster.invitations.error.invalid')] }, values)
  const promotions = parsePromotions(values.promotions)
  const errors: Record<string, string[]> = {}
  // The promotions counted on the page travel hidden: a bad value is a forged form, said above it.
  if (promotions === 'invalid') errors.form = [t('roster.invitations.error.promotions')]
  if (form.confirm !== 'on') errors.confirm = [t('roster.invitations.error.confirm')]
  if (promotions === 'invalid' || Object.keys(errors).length) return formError(errors, values)
  const started = startActivationSend(context.app, { actorId: viewer.id, promotions })
  if (!started.ok) return formError({ form: [t('roster.invitations.error.nobody')] }, values, { status: 409 })
  // Batch after batch in the background; the page follows live (or on reload).
  const origin = baseUrl(request, context.app.config.APP_URL)
  void runActivationSend(context.app, started.sendId, origin).catch((error: unknown) =>
    context.app.logger.error({ err: error, sendId: started.sendId }, 'activation send failed'),
  )
  // Back to the same promotions: their count is now what is left to invite (usually nobody).
  const query = promotions ? `?promotions=${encodeURIComponent(formatPromotions(promotions))}` : ''
  return redirectWithToast(context, `${PAGE}${query}`, { type: 'success', key: 'roster.invitations.started', params: { count: started.total } })
}

/** Invitations to activate: choose promotions, see how many rows would be invited, send, follow the progress. */
export default function ActivationInvitations() {
  const t = useT()
  const { locale } = useRootData()
  const { typed, invalid, promotions, audience, range, progress, sends } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  const scope = !promotions
    ? t('roster.invitations.scope.all')
    : t(promotions.length === 1 ? 'roster.invitations.scope.one' : 'roster.invitations.scope.some', { promotions: formatPromotions(promotions) })
  return (
    <section aria-labelledby="invitations" className="activation-page">
      <p className="roster-links">
        <Link to="/admin/diplomes">← {t('roster.claims.back')}</Link>
        <Link to="/admin/diplomes/rapprochements">{t('roster.claims.title')}</Link>
      </p>
      <h2 id="invitations">{t('roster.invitations.title')}</h2>
      <p className="muted">{t('roster.invitations.lead', { days: ACTIVATION_COOLDOWN_DAYS })}</p>

      <section className="card" aria-labelledby="invitations-progress">
        <h3 id="invitations-progress">{t('roster.invitations.progress')}</h3>
        <ActivationProgressBar initial={progress} />
        {progress?.status === 'sending' ? (
          <p>
            <Link to={PAGE} reloadDocument>
              {t('roster.invitations.reload')}
            </Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="invitations-new">
        <h3 id="invitations-new">{t('roster.invitations.new')}</h3>
        <Form method="get" className="search-bar search-bar--end">
          <Field
            label={t('roster.invitations.promotions')}
            hint={
              range ? t('roster.invitations.promotionsHintRange', { min: String(range.min), max: String(range.max) }) : t('roster.invitations.promotionsHint')
            }
            name="promotions"
            inputMode="numeric"
            maxLength={500}
            defaultValue={typed}
            errors={invalid ? [t('roster.invitations.error.promotions')] : undefined}
          />
          <button type="submit" className="button button--secondary">
            {t('roster.invitations.count')}
          </button>
        </Form>
        {audience ? (
          <div className="activation-card" data-testid="activation-audience">
            <p className="lead">
              {audience.count > 0 ? t('roster.invitations.audience', { count: audience.count, scope }) : t('roster.invitations.nobody', { scope })}
            </p>
            <p className="muted">{t('roster.invitations.excluded', { days: ACTIVATION_COOLDOWN_DAYS })}</p>
          </div>
        ) : null}
        {audience && audience.count > 0 ? (
          // A new count or a new send is a new form: the confirmation box starts unticked again.
          <Form key={`${typed}|${progress?.sendId ?? 0}`} method="post" className="form" noValidate>
            <ErrorSummary errors={result.errors} />
            <input type="hidden" name="promotions" value={typed} />
            <CheckboxField
              label={t('roster.invitations.confirm', { count: audience.count, batch: ACTIVATION_BATCH })}
              name="confirm"
              defaultChecked={false}
              errors={result.errors.confirm}
            />
            <SubmitButton intent="send">{t('roster.invitations.submit')}</SubmitButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="invitations-history">
        <h3 id="invitations-history">{t('roster.invitations.history')}</h3>
        {sends.length === 0 ? (
          <p className="card state state--soft">{t('roster.invitations.noSend')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('roster.invitations.when')}</th>
                  <th scope="col">{t('roster.invitations.who')}</th>
                  <th scope="col">{t('roster.invitations.promotions')}</th>
                  <th scope="col">{t('roster.invitations.queued')}</th>
                  <th scope="col">{t('roster.invitations.status')}</th>
                </tr>
              </thead>
              <tbody>
                {sends.map((send) => (
                  <tr key={send.id}>
                    <td>{formatDateTime(locale, new Date(send.createdAt))}</td>
                    <td data-label={t('roster.invitations.who')}>{send.by ?? <span className="muted">{t('roster.invitations.formerWebmaster')}</span>}</td>
                    <td data-label={t('roster.invitations.promotions')}>
                      {send.promotions ? formatPromotions(send.promotions) : t('roster.invitations.scope.all')}
                    </td>
                    <td data-label={t('roster.invitations.queued')}>{t('roster.invitations.ofTotal', { queued: send.queued, total: send.total })}</td>
                    <td data-label={t('roster.invitations.status')}>
                      <span className={`badge${send.status === 'done' ? ' badge--success' : ''}`}>
                        {t(send.status === 'done' ? 'roster.invitations.status.done' : 'roster.invitations.status.sending')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  )
}
