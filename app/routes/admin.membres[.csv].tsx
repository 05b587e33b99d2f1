import type { LoaderFunctionArgs } from '@remix-run/node'
import { translator, type MessageKey } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { allMembers } from '~/features/admin/members.server'
import { duesState, parseMemberFilters } from '~/features/admin/schema'
import { promotionRange } from '~/features/directory/schema'
import { toCsv } from '~/features/events/event-files.server'
import { utcToZonedInput } from '~/shared/zoned-time'

/**
 * /admin/membres.csv: the accounts of /admin/membres with the same filters and order, all pages.
 * UTF-8 with a BOM and `;` between cells: French Excel reads a plain UTF-8 file as Windows-1252
 * (the accents break) and splits on the semicolon, the list separator of a French Windows, since
 * the comma is the decimal mark there. Cells starting with = + - @ are prefixed (`toCsv`) so that
 * a name typed as `=HYPERLINK(…)` stays text. Built in one string: 2,450 rows take a few ms.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const t = translator(context.locale)
  const { filters, errors } = parseMemberFilters(new URL(request.url).searchParams, promotionRange(context.app.now()))
  const problems = Object.values(errors) as MessageKey[]
  if (problems.length > 0) {
    const promotions = promotionRange(context.app.now())
    const text = [t('admin.membersList.csv.badRequest'), ...problems.map((key) => t(key, promotions))].join('\n')
    return new Response(text, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  const day = (d: Date | null) => (d ? utcToZonedInput(d, 'Europe/Paris').slice(0, 10) : '')
  const time = (d: Date | null) => (d ? utcToZonedInput(d, 'Europe/Paris').replace('T', ' ') : '')
  const rows = allMembers(context.app, { ...filters, page: 1 }).map((r) => [
    r.lastName,
    r.firstName,
    r.birthName,
    r.email,
    r.kind ? t(`admin.membersList.category.${r.kind}`) : '',
    r.promotion,
    r.diploma,
    t(`admin.membersList.dues.${duesState(r)}`),
    r.membershipStatus === 'active' ? day(r.activatedAt) : '',
    t(r.status === 'deactivated' ? 'admin.membersList.status.deactivated' : 'admin.membersList.status.active'),
    t(`admin.membersList.role.${r.role}`),
    day(r.createdAt),
    time(r.lastLoginAt),
  ])
  const header = (
    [
      'lastName',
      'firstName',
      'birthName',
      'email',
      'category',
      'promotion',
      'diploma',
      'dues',
      'memberSince',
      'status',
      'role',
      'createdAt',
      'lastLogin',
    ] as const
  ).map((key) => t(`admin.membersList.csv.${key}`))
  return new Response(toCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="membres.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
