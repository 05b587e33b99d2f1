import type { LoaderFunctionArgs } from '@remix-run/node'
import { memberCard } from '~/features/directory/directory.server'
import { requireMember } from '~/features/accounts/guards.server'

/** The card a map marker opens (read by `useFetcher().load`, so through its `.data` URL too). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const card = memberCard(context.app, params.memberId ?? '')
  if (!card) throw Response.json({ error: 'not found' }, { status: 404 })
  return Response.json(card)
}
