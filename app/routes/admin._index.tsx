import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate, formatMoney, intlLocale, type Locale } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { dashboard, type Dashboard } from '~/features/admin/dashboard.server'
import { BarChart, CHART_COLOURS, FigureCard, FigureTable, KeyFigures } from '~/features/admin/components/charts'
import dashboardCss from '~/features/admin/components/dashboard.css'
import { monthLabel } from '~/features/admin/schema'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('admin.dashboard.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardCss }]

/** /admin (issue #17): the association at a glance, each figure with its CSV. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return dashboard(context.app)
}

const csv = (figure: string) => `/admin/tableau/${figure}.csv`

function useNumbers() {
  const { locale } = useRootData()
  const count = new Intl.NumberFormat(intlLocale(locale))
  const compactEuros = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 })
  const share = (part: number, whole: number) =>
    whole === 0 ? '—' : new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(part / whole)
  return { locale, n: (v: number) => count.format(v), euros: (cents: number) => compactEuros.format(cents / 100), share }
}

export default function AdminDashboard() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <p className="muted">{t('admin.dashboard.lead')}</p>
      <div className="dashboard">
        <Pending pending={data.pending} />
        <div className="dashboard dashboard--two">
          <Members members={data.members} />
          <div className="dashboard">
            <Activation activation={data.activation} />
            <Dues dues={data.dues} />
          </div>
        </div>
        <Events events={data.events} />
      </div>
    </>
  )
}

function Pending({ pending }: { pending: Dashboard['pending'] }) {
  const t = useT()
  const { n } = useNumbers()
  return (
    <FigureCard id="figure-pending" title={t('admin.dashboard.pending.title')} csv={csv('a-traiter')}>
      <KeyFigures
        items={pending.map((p) => ({
          label: t(`admin.dashboard.pending.${p.kind}`),
          value: n(p.count),
          href: p.href,
          action: t('admin.dashboard.pending.open'),
        }))}
      />
    </FigureCard>
  )
}

function Members({ members }: { members: Dashboard['members'] }) {
  const t = useT()
  const { n } = useNumbers()
  const { totals, byPromotion } = members
  const promotionLabel = (p: number | null) => (p === null ? t('admin.dashboard.noPromotion') : String(p))
  const series = [
    { label: t('admin.dashboard.col.alumni'), colour: CHART_COLOURS.primary },
    { label: t('admin.dashboard.col.students'), colour: CHART_COLOURS.warm },
    { label: t('admin.dashboard.col.registered'), colour: CHART_COLOURS.grey },
  ]
  return (
    <FigureCard id="figure-members" title={t('admin.dashboard.members.title')} csv={csv('membres')}>
      <KeyFigures
        items={[
          { label: t('admin.dashboard.members.alumni'), value: n(totals.alumni) },
          { label: t('admin.dashboard.members.students'), value: n(totals.students) },
          { label: t('admin.dashboard.members.registered'), value: n(totals.registered) },
          { label: t('admin.dashboard.members.deactivated'), value: n(totals.deactivated) },
        ]}
      />
      {byPromotion.length === 0 ? (
        <p className="state state--soft">{t('admin.dashboard.members.empty')}</p>
      ) : (
        <>
          <BarChart
            title={t('admin.dashboard.members.chart')}
            series={series}
            labelWidth={22}
            rows={byPromotion.map((r) => ({
              label: promotionLabel(r.promotion),
              values: [r.alumni, r.students, r.registered],
              note: n(r.alumni + r.students + r.registered),
            }))}
          />
          <FigureTable
            caption={t('admin.dashboard.members.title')}
            header={[
              t('admin.dashboard.col.promotion'),
              t('admin.dashboard.col.alumni'),
              t('admin.dashboard.col.students'),
              t('admin.dashboard.col.registered'),
            ]}
            rows={byPromotion.map((r) => [promotionLabel(r.promotion), n(r.alumni), n(r.students), n(r.registered)])}
          />
        </>
      )}
    </FigureCard>
  )
}

function Activation({ activation }: { activation: Dashboard['activation'] }) {
  const t = useT()
  const { n, share } = useNumbers()
  const { totals, byPromotion } = activation
  const series = [
    { label: t('admin.dashboard.activation.paid'), colour: CHART_COLOURS.success },
    { label: t('admin.dashboard.activation.account'), colour: CHART_COLOURS.lightBlue },
  ]
  const rate = totals.rows === 0 ? '0' : ((totals.paid / totals.rows) * 100).toFixed(0)
  return (
    <FigureCard id="figure-activation" title={t('admin.dashboard.activation.title')} csv={csv('activation')}>
      {totals.rows === 0 ? (
        <p className="state state--soft">
          {t('admin.dashboard.activation.empty')} <Link to="/admin/diplomes">{t('admin.dashboard.activation.import')}</Link>
        </p>
      ) : (
        <>
          <p>{t('admin.dashboard.activation.lead', { rows: totals.rows, claimed: totals.claimed, paid: totals.paid, rate })}</p>
          <BarChart
            title={t('admin.dashboard.activation.chart')}
            series={series}
            scale="share"
            trackLabel={t('admin.dashboard.activation.none')}
            rows={byPromotion.map((r) => ({
              label: String(r.promotion),
              values: [r.paid, r.claimed - r.paid],
              total: r.rows,
              note: share(r.paid, r.rows),
            }))}
          />
          <FigureTable
            caption={t('admin.dashboard.activation.title')}
            header={[
              t('admin.dashboard.col.promotion'),
              t('admin.dashboard.col.rosterRows'),
              t('admin.dashboard.col.claimed'),
              t('admin.dashboard.col.paid'),
              t('admin.dashboard.col.activationRate'),
            ]}
            rows={byPromotion.map((r) => [String(r.promotion), n(r.rows), n(r.claimed), n(r.paid), share(r.paid, r.rows)])}
          />
        </>
      )}
    </FigureCard>
  )
}

function Dues({ dues }: { dues: Dashboard['dues'] }) {
  const t = useT()
  const { locale, n, euros } = useNumbers()
  const label = (month: string) => monthLabel(locale, month)
  return (
    <FigureCard id="figure-dues" title={t('admin.dashboard.dues.title')} csv={csv('cotisations')}>
      <p>
        {t('admin.dashboard.dues.lead', {
          amount: formatMoney(locale, dues.totalCents),
          payments: dues.totalPayments,
          members: dues.totalMemberships,
        })}
      </p>
      <h3>{t('admin.dashboard.dues.amount')}</h3>
      {dues.totalCents === 0 ? (
        <p className="muted">{t('admin.dashboard.dues.noPayments')}</p>
      ) : (
        <BarChart
          title={t('admin.dashboard.dues.amountChart')}
          series={[{ label: t('admin.dashboard.dues.amount'), colour: CHART_COLOURS.primary }]}
          labelWidth={26}
          rows={dues.months.map((m) => ({ label: label(m.month), values: [m.cents], note: euros(m.cents) }))}
        />
      )}
      <h3>{t('admin.dashboard.dues.members')}</h3>
      <BarChart
        title={t('admin.dashboard.dues.membersChart')}
        series={[{ label: t('admin.dashboard.dues.members'), colour: CHART_COLOURS.success }]}
        labelWidth={26}
        rows={dues.months.map((m) => ({ label: label(m.month), values: [m.memberships], note: n(m.memberships) }))}
      />
      <FigureTable
        caption={t('admin.dashboard.dues.title')}
        header={[t('admin.dashboard.col.month'), t('admin.dashboard.col.payments'), t('admin.dashboard.col.amount'), t('admin.dashboard.col.newMembers')]}
        rows={dues.months.map((m) => [label(m.month), n(m.payments), formatMoney(locale, m.cents), n(m.memberships)])}
      />
    </FigureCard>
  )
}

function eventDay(locale: Locale, date: Date) {
  return formatDate(locale, date, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' })
}

function Events({ events }: { events: Dashboard['events'] }) {
  const t = useT()
  const { locale, n, share } = useNumbers()
  const places = (e: Dashboard['events']['upcoming'][number]) =>
    e.capacity === null
      ? t('admin.dashboard.events.noLimit', { registered: n(e.registered) })
      : t('admin.dashboard.events.places', { registered: n(e.registered), capacity: n(e.capacity) })
  const status = (e: { cancelled: boolean }) => t(e.cancelled ? 'admin.dashboard.events.cancelled' : 'admin.dashboard.events.published')
  return (
    <FigureCard id="figure-events" title={t('admin.dashboard.events.title')} csv={csv('evenements')}>
      <h3>{t('admin.dashboard.events.upcomingTitle')}</h3>
      {events.upcoming.length === 0 ? (
        <p className="muted">{t('admin.dashboard.events.upcomingEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.dashboard.col.event')}</th>
                <th scope="col">{t('admin.dashboard.col.startsAt')}</th>
                <th scope="col">{t('admin.dashboard.col.registeredPlaces')}</th>
                <th scope="col">{t('admin.dashboard.col.waitlisted')}</th>
                <th scope="col">{t('admin.dashboard.col.eventStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {events.upcoming.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/evenements/${e.id}/gestion`}>{e.title}</Link>
                  </td>
                  <td data-label={t('admin.dashboard.col.startsAt')}>{eventDay(locale, e.startsAt)}</td>
                  <td data-label={t('admin.dashboard.col.registeredPlaces')}>{places(e)}</td>
                  <td data-label={t('admin.dashboard.col.waitlisted')}>{n(e.waitlisted)}</td>
                  <td data-label={t('admin.dashboard.col.eventStatus')}>{status(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('admin.dashboard.events.pastTitle')}</h3>
      {events.past.length === 0 ? (
        <p className="muted">{t('admin.dashboard.events.pastEmpty')}</p>
      ) : (
        <>
          <BarChart
            title={t('admin.dashboard.events.chart')}
            labelsAbove
            series={[
              { label: t('admin.dashboard.events.present'), colour: CHART_COLOURS.success },
              { label: t('admin.dashboard.events.absent'), colour: CHART_COLOURS.lightBlue },
            ]}
            rows={events.past.map((e) => ({
              label: `${eventDay(locale, e.startsAt)} · ${e.title}`,
              values: [e.present, e.registered - e.present],
              note: share(e.present, e.registered),
            }))}
          />
          <FigureTable
            caption={t('admin.dashboard.events.pastTitle')}
            header={[
              t('admin.dashboard.col.event'),
              t('admin.dashboard.col.startsAt'),
              t('admin.dashboard.col.registeredPlaces'),
              t('admin.dashboard.col.present'),
              t('admin.dashboard.col.attendanceRate'),
              t('admin.dashboard.col.eventStatus'),
            ]}
            rows={events.past.map((e) => [e.title, eventDay(locale, e.startsAt), n(e.registered), n(e.present), share(e.present, e.registered), status(e)])}
          />
        </>
      )}
    </FigureCard>
  )
}
