import { redirect, type ActionFunctionArgs, type AppLoadContext, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDate, translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import {
  campaignById,
  countRecipients,
  createDraft,
  deleteDraft,
  driveCampaignSend,
  progressOf,
  segmentProblem,
  sendTestLetter,
  startCampaignSend,
  updateDraft,
  type Campaign,
} from '~/features/campaigns/campaigns.server'
import { CampaignForm, DeleteDraft, SendForm, type DraftValues } from '~/features/campaigns/components/campaign-form'
import { CampaignProgressBar } from '~/features/campaigns/components/campaign-progress'
import campaignsCss from '~/features/campaigns/components/campaigns.css'
import { LetterPreview } from '~/features/campaigns/components/letter-preview'
import { SegmentSummary } from '~/features/campaigns/components/segment-summary'
import {
  CAMPAIGN_INTENTS,
  campaignForm,
  formatPromotions,
  readSegment,
  segmentFromFields,
  STATUS_LABELS,
  type CampaignIntent,
  type Segment,
} from '~/features/campaigns/schema'
import { segmentGroups } from '~/features/campaigns/segments.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseFields, type FieldErrors } from '~/shared/validation'

export const meta = titleMeta('campaigns.edit.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: campaignsCss }]

/** `/admin/lettres/nouvelle` is a draft not written yet: its first save creates it. */
const NEW = 'nouvelle'

function campaignOf(context: AppLoadContext, param: string | undefined): Campaign | null {
  if (param === NEW) return null
  const id = Number(param)
  invariantResponse(Number.isInteger(id) && id > 0 && String(id) === param, 'Not found', { status: 404 })
  const campaign = campaignById(context.app, id)
  invariantResponse(campaign, 'Not found', { status: 404 })
  return campaign
}

function draftValues(campaign: Campaign | null, segment: Segment | null): DraftValues {
  return {
    subject: campaign?.subject ?? '',
    body: campaign?.body ?? '',
    segment: segment?.kind ?? 'members',
    promotions: segment?.kind === 'promotions' ? formatPromotions(segment.promotions) : '',
    groupIds: segment?.kind === 'groups' ? segment.groupIds.join(',') : '',
  }
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const campaign = campaignOf(context, params.campaignId)
  const groups = segmentGroups(context.app.db)
  const segment = campaign ? readSegment(campaign.segment) : null
  const askedPreview = new URL(request.url).searchParams.get('apercu') === '1'
  return {
    me: { firstName: viewer.firstName, email: viewer.email },
    groups,
    values: draftValues(campaign, segment),
    campaign: campaign
      ? {
          id: campaign.id,
          subject: campaign.subject,
          body: campaign.body,
          status: campaign.status,
          segment,
          createdAt: campaign.createdAt.toISOString(),
          sentAt: campaign.sentAt?.toISOString() ?? null,
        }
      : null,
    groupNames: segment?.kind === 'groups' ? groups.filter((g) => segment.groupIds.includes(g.id)).map((g) => g.name) : [],
    count: campaign?.status === 'draft' && segment ? countRecipients(context.app, segment) : null,
    preview: campaign !== null && (askedPreview || campaign.status !== 'draft'),
    progress: campaign ? progressOf(campaign) : null,
  }
}

const EDIT = { extra: { intent: 'edit' } }
const SEND = { extra: { intent: 'send' } }

/**
 * `save`, `preview` and `test` save the draft (creating it from /nouvelle) and then do their
 * part; `send` needs the box ticked and starts the send of what was saved; `delete` removes a
 * draft. A letter whose send began answers every intent with a 409.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const { app } = context
  const campaign = campaignOf(context, params.campaignId)
  const formData = await readForm(request)
  const values = formObject(formData)
  const intent: CampaignIntent | undefined = CAMPAIGN_INTENTS.find((i) => i === values.intent)
  if (!intent) return formError({ form: [t('campaigns.error.intent')] }, {}, EDIT)
  const options = intent === 'send' ? SEND : EDIT
  if (!campaign && (intent === 'send' || intent === 'delete')) return formError({ form: [t('campaigns.error.notSaved')] }, {}, options)
  if (campaign && campaign.status !== 'draft') return formError({ form: [t('campaigns.error.notDraft')] }, {}, { ...options, status: 409 })

  if (intent === 'delete') {
    const deleted = deleteDraft(app, campaign!.id)
    if (!deleted.ok) return formError({ form: [t('campaigns.error.notDraft')] }, {}, { ...EDIT, status: 409 })
    return redirectWithToast(context, '/admin/lettres', { type: 'success', key: 'campaigns.toast.deleted' })
  }
  const page = (id: number) => `/admin/lettres/${id}`
  if (intent === 'send') {
    if (values.confirm !== 'on') return formError({ confirm: [t('campaigns.error.confirm')] }, {}, SEND)
    const started = startCampaignSend(app, campaign!.id)
    if (!started.ok) {
      const status = started.error === 'notDraft' ? 409 : 400
      return formError({ form: [t(`campaigns.error.send.${started.error}`)] }, {}, { ...SEND, status })
    }
    // Batch after batch in the background; the page follows live (or on reload).
    void driveCampaignSend(app, campaign!.id, baseUrl(request, app.config.APP_URL))
    return redirectWithToast(context, page(campaign!.id), { type: 'success', key: 'campaigns.toast.sending', params: { count: started.progress.total } })
  }

  // save, preview, test: the draft as typed.
  const groupIds = formData
    .getAll('groupIds')
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 500)
  const kept = {
    subject: (values.subject ?? '').slice(0, 1000),
    body: (values.body ?? '').slice(0, 40_000),
    segment: (values.segment ?? '').slice(0, 20),
    promotions: (values.promotions ?? '').slice(0, 500),
    groupIds: groupIds.map((id) => id.slice(0, 12)).join(','),
  }
  const parsed = parseFields(campaignForm, values, t)
  const errors: FieldErrors = { ...parsed.errors }
  const { subject, body, segment: kind } = parsed.data
  const segment = kind ? segmentFromFields(kind, { promotions: values.promotions ?? '', groupIds }, app.now()) : null
  if (segment && !segment.ok) errors[segment.field] = [t(segment.error)]
  if (segment?.ok && segmentProblem(app, segment.segment)) errors.groupIds = [t('campaigns.error.groupUnknown')]
  if (!subject || !body || !segment?.ok || Object.keys(errors).length > 0) return formError(errors, kept, EDIT)

  const input = { subject, body, segment: segment.segment }
  let id: number
  if (campaign) {
    const updated = updateDraft(app, campaign.id, input)
    if (!updated.ok) return formError({ form: [t('campaigns.error.notDraft')] }, kept, { ...EDIT, status: 409 })
    id = campaign.id
  } else id = createDraft(app, viewer, input)

  if (intent === 'preview') return redirect(`${page(id)}?apercu=1#apercu`)
  if (intent === 'test') {
    const sent = sendTestLetter(app, viewer, id, baseUrl(request, app.config.APP_URL))
    if (sent.ok) return redirectWithToast(context, page(id), { type: 'success', key: 'campaigns.toast.testSent', params: { email: sent.email } })
  }
  return redirectWithToast(context, page(id), { type: 'success', key: 'campaigns.toast.saved' })
}

export default function CampaignPage() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const edit = formFailure(answer, 'edit')
  const send = formFailure(answer, 'send')
  const { campaign } = data
  const date = (iso: string) => formatDate(locale, new Date(iso))
  const draft = !campaign || campaign.status === 'draft'
  return (
    <section className="campaign" aria-labelledby="campaign-title">
      <p>
        <Link to="/admin/lettres">{t('campaigns.back')}</Link>
      </p>
      <div className="campaign__head">
        <h2 id="campaign-title">{campaign ? campaign.subject : t('campaigns.edit.newTitle')}</h2>
        {campaign ? (
          <span className={campaign.status === 'sent' ? 'badge badge--success' : `badge campaign-badge--${campaign.status}`}>
            {t(STATUS_LABELS[campaign.status])}
          </span>
        ) : null}
      </div>
      {campaign && data.progress ? <CampaignProgressBar initial={data.progress} reloadHref={`/admin/lettres/${campaign.id}`} /> : null}
      {draft ? (
        <>
          {campaign ? null : <p className="muted">{t('campaigns.edit.newLead')}</p>}
          <CampaignForm values={data.values} failure={edit} groups={data.groups} testEmail={data.me.email} />
          {campaign && data.preview ? (
            <section className="card campaign-preview" id="apercu" aria-labelledby="apercu-title">
              <h2 id="apercu-title">{t('campaigns.preview.title')}</h2>
              <p className="muted">{t('campaigns.preview.lead')}</p>
              <LetterPreview subject={campaign.subject} body={campaign.body} firstName={data.me.firstName} />
            </section>
          ) : null}
          {campaign && data.count ? <SendForm count={data.count} failure={send} /> : null}
          {campaign ? <DeleteDraft /> : null}
        </>
      ) : (
        <>
          <dl className="campaign__facts">
            <div>
              <dt>{t('campaigns.col.segment')}</dt>
              <dd>
                <SegmentSummary segment={campaign.segment} groupNames={data.groupNames} />
              </dd>
            </div>
            <div>
              <dt>{t('campaigns.col.dates')}</dt>
              <dd>
                {t('campaigns.createdOn', { date: date(campaign.createdAt) })}
                {campaign.sentAt ? ` · ${t('campaigns.sentOn', { date: date(campaign.sentAt) })}` : null}
              </dd>
            </div>
          </dl>
          <p className="muted">{t('campaigns.edit.locked')}</p>
          <section className="card campaign-preview" aria-labelledby="sent-letter-title">
            <h2 id="sent-letter-title">{t('campaigns.preview.sentTitle')}</h2>
            <LetterPreview subject={campaign.subject} body={campaign.body} firstName={data.me.firstName} />
          </section>
        </>
      )}
    </section>
  )
}
