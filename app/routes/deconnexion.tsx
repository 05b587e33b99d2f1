import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '../utils/auth.server'
import { redirectWithToast } from '../utils/toast.server'

export async function action({ context }: ActionFunctionArgs) {
  const cookie = await endSession(context)
  return redirectWithToast(context, '/', { type: 'info', key: 'logout.done' }, { 'Set-Cookie': cookie })
}

export function loader() {
  return redirect('/')
}
