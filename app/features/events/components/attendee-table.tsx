import { Form } from '@remix-run/react'
import { formatMoney, intlLocale, type MessageKey } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { FilterSelect, SubmitButton } from '~/shared/components/forms'
import { Avatar } from '~/shared/components/avatar'

const STATUS_KEYS: Record<string, MessageKey> = {
  confirmed: 'events.status.confirmed',
  held: 'events.status.held',
  waitlisted: 'events.status.waitlisted',
  cancelled: 'events.status.cancelled',
}

interface Attendee {
  userId: string
  name: string
  firstName: string
  lastName: string
  photo: boolean
  email: string
  status: string
  places: number
  amountCents: number
  paid: boolean
  refunded: boolean
  checkedInAt: Date | null
}

/** Who is coming, filterable by status and arrival (a GET form: it works without JavaScript). */
export function AttendeeTable({ attendees, filter }: { attendees: Attendee[]; filter: { status: string; arrived: string } }) {
  const t = useT()
  const { locale } = useRootData()
  const time = new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: 'Europe/Paris' })
  return (
    <>
      <Form method="get" className="filters filters--inline">
        <FilterSelect
          label={t('events.dashboard.filterStatus')}
          name="statut"
          id="statut"
          value={filter.status}
          anyLabel={t('events.filters.any')}
          options={Object.entries(STATUS_KEYS).map(([value, key]) => ({ value, label: t(key) }))}
        />
        <FilterSelect
          label={t('events.dashboard.filterArrived')}
          name="arrive"
          id="arrive"
          value={filter.arrived}
          anyLabel={t('events.filters.any')}
          options={[
            { value: 'oui', label: t('events.dashboard.arrivedYes') },
            { value: 'non', label: t('events.dashboard.arrivedNo') },
          ]}
        />
        <button type="submit" className="button button--secondary button--small">
          {t('events.filters.apply')}
        </button>
      </Form>
      {attendees.length === 0 ? (
        <p className="muted">{t('events.dashboard.noAttendees')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('events.dashboard.colName')}</th>
                <th scope="col">{t('events.dashboard.colStatus')}</th>
                <th scope="col">{t('events.dashboard.colPlaces')}</th>
                <th scope="col">{t('events.dashboard.colPaid')}</th>
                <th scope="col">{t('events.dashboard.colArrived')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('events.dashboard.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {attendees.map((a) => (
                <tr key={a.userId}>
                  <td>
                    <span className="person-cell">
                      <Avatar person={{ id: a.userId, firstName: a.firstName, lastName: a.lastName, photo: a.photo }} size="small" />
                      <span>
                        {a.name}
                        <br />
                        <span className="muted">{a.email}</span>
                      </span>
                    </span>
                  </td>
                  <td>{t(STATUS_KEYS[a.status])}</td>
                  <td>{a.places}</td>
                  <td>
                    {a.amountCents === 0
                      ? '—'
                      : `${formatMoney(locale, a.amountCents)}${a.refunded ? ` (${t('events.dashboard.refunded')})` : a.paid ? '' : ` (${t('events.dashboard.unpaid')})`}`}
                  </td>
                  <td>{a.checkedInAt ? time.format(a.checkedInAt) : '—'}</td>
                  <td>
                    {a.status !== 'cancelled' ? (
                      <details className="confirm">
                        <summary className="button button--ghost button--small">{t('events.dashboard.cancelRegistration')}</summary>
                        <Form method="post" className="confirm__body">
                          <input type="hidden" name="userId" value={a.userId} />
                          <p>
                            {t(a.paid ? 'events.dashboard.cancelRegistrationConfirmPaid' : 'events.dashboard.cancelRegistrationConfirm', {
                              name: a.name,
                              amount: formatMoney(locale, a.amountCents),
                            })}
                          </p>
                          <SubmitButton intent="cancelRegistration" className="button button--danger button--small">
                            {t('events.dashboard.cancelRegistrationYes')}
                          </SubmitButton>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
