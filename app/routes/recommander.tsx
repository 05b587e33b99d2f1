import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { requireMember } from '~/features/accounts/guards.server'
import referralsCss from '~/features/referrals/components/referrals.css'
import { InviteForm, LeaderboardCard, MyInvitationsCard, NoPromotionCard, PromotionFiguresCard } from '~/features/referrals/components/recommend'
import {
  classmatesToInvite,
  invitationsLeftToday,
  inviteClassmates,
  leaderboard,
  myInvitations,
  promotionFigures,
  promotionOf,
} from '~/features/referrals/referrals.server'
import { DAILY_INVITATIONS, pageOf, parseInviteForm, type InviteErrors } from '~/features/referrals/schema'
import { translator, type Translate } from '~/i18n'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import type { FieldErrors } from '~/shared/validation'

export const meta = titleMeta('referrals.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: referralsCss }]

/**
 * « Recommander ma promotion » (paying members): my promotion's figures, the leaderboard, the
 * classmates I may invite — their names, never their addresses, which stay on the server — and
 * what became of my invitations. A registered account gets the members-only page with Cotiser.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const promotion = promotionOf(context.app.db, viewer.id)
  return {
    promotion,
    figures: promotion === null ? null : promotionFigures(context.app, promotion),
    board: leaderboard(context.app, promotion),
    classmates: promotion === null ? null : classmatesToInvite(context.app, promotion, { page: pageOf(url, 'page'), q }),
    q,
    left: invitationsLeftToday(context.app, viewer.id),
    mine: myInvitations(context.app, viewer.id, pageOf(url, 'envois')),
  }
}

function translated(t: Translate, errors: InviteErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, e]) => [field, [t(e.key, e.params)]]))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const formData = await readForm(request)
  invariantResponse(formData.get('intent') === 'invite', 'Unknown intent')
  const t = translator(context.locale)
  const text = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value : ''
  }
  const graduateIds = formData.getAll('graduateIds').map((v) => (typeof v === 'string' ? v : 'file'))
  const values = { emails: text('emails').slice(0, 5000), message: text('message').slice(0, 2000), graduateIds: graduateIds.slice(0, 200).join(',') }
  const parsed = parseInviteForm({ graduateIds, emails: text('emails'), message: text('message') })
  if (!parsed.ok) return formError(translated(t, parsed.errors), values, { extra: { intent: 'invite' } })

  const result = inviteClassmates(context.app, viewer.id, {
    ...parsed.data,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
    locale: context.locale,
  })
  if (!result.ok) {
    return formError({ form: [t('referrals.error.quota', { left: result.left, max: DAILY_INVITATIONS })] }, values, {
      status: 429,
      extra: { intent: 'invite' },
    })
  }
  return redirectWithToast(context, '/recommander', {
    type: result.sent > 0 ? 'success' : 'info',
    key: result.notSent > 0 ? 'referrals.invite.doneNotSent' : 'referrals.invite.done',
    params: { sent: result.sent, notSent: result.notSent },
  })
}

export default function Recommend() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const failure = useFormFailure('invite')
  return (
    <AccountLayout>
      <PageHeader title={t('referrals.title')} lead={t('referrals.lead')} />
      {data.figures ? <PromotionFiguresCard figures={data.figures} /> : <NoPromotionCard />}
      <InviteForm list={data.classmates} q={data.q} left={data.left} failure={failure} sent={data.mine.counts.sent} />
      <MyInvitationsCard mine={data.mine} />
      <LeaderboardCard board={data.board} mine={data.promotion} />
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
