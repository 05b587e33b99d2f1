import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '~/features/accounts/guards.server'
import { redirectWithToast } from '~/shared/toast.server'

export async function action({ context }: ActionFunctionArgs) {
  const cookie = await endSession(context)
  return redirectWithToast(context, '/', { type: 'info', key: 'logout.done' }, { 'Set-Cookie': cookie })
}

export function loader() {
  return redirect('/')
}
