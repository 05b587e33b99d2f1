import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireWebmaster } from '~/features/accounts/guards.server'

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return redirect('/admin/comptes')
}
