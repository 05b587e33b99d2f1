import { Form, Link } from '@remix-run/react'
import { formatDate, type Locale } from '~/i18n'
import { ErrorSummary, Field, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { FieldError, FieldHint, describedControl } from '~/shared/components/form/field-parts'
import { fieldId, type FormResult } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { Pager } from '~/features/referrals/components/pager'
import {
  DAILY_INVITATIONS,
  INVITATION_STATE_KEYS,
  LEADERBOARD_MIN_ROSTER,
  MAX_PER_POST,
  MESSAGE_MAX,
  REINVITE_DAYS,
  type Classmate,
  type Leaderboard,
  type MyInvitation,
  type PromotionFigures,
} from '~/features/referrals/schema'

// The pieces of /recommander. Plain data in, no fetching: the route's loader hands them what the
// server computed, and every piece works without JavaScript.

function Figure({ label, value, highlight }: { label: string; value: number; highlight?: boolean }) {
  const { locale } = useRootData()
  return (
    <li className={`figures__item${highlight ? ' figures__item--highlight' : ''}`}>
      <span className="figures__label">{label}</span>
      <span className="figures__value">{value.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB')}</span>
    </li>
  )
}

/** My promotion in four numbers, and the sentence that says what they mean. */
export function PromotionFiguresCard({ figures }: { figures: PromotionFigures }) {
  const t = useT()
  return (
    <section className="referrals-section" aria-labelledby="figures-title">
      <h2 id="figures-title">{t('referrals.figures.title', { promotion: figures.promotion })}</h2>
      <ul className="figures" role="list">
        {figures.roster > 0 ? <Figure label={t('referrals.figures.roster')} value={figures.roster} /> : null}
        <Figure label={t('referrals.figures.accounts')} value={figures.accounts} />
        <Figure label={t('referrals.figures.members')} value={figures.members} />
        <Figure label={t('referrals.figures.notYet')} value={figures.notYetMembers} highlight />
      </ul>
      <p>{t('referrals.figures.summary', { count: figures.notYetMembers })}</p>
      {figures.roster === 0 ? <p className="muted">{t('referrals.figures.noRoster')}</p> : null}
    </section>
  )
}

export function NoPromotionCard() {
  const t = useT()
  return (
    <section className="card referrals-section" aria-labelledby="no-promotion-title">
      <h2 id="no-promotion-title">{t('referrals.noPromotion.title')}</h2>
      <p>{t('referrals.noPromotion.body')}</p>
      <Link to="/mon-compte/profil" className="button button--secondary">
        {t('referrals.noPromotion.link')}
      </Link>
    </section>
  )
}

export function LeaderboardCard({ board, mine }: { board: Leaderboard; mine: number | null }) {
  const t = useT()
  return (
    <section className="referrals-section" aria-labelledby="board-title">
      <h2 id="board-title">{t('referrals.board.title')}</h2>
      <p className="muted">{t('referrals.board.lead')}</p>
      {board.rows.length === 0 ? (
        <p className="card state state--soft">{t('referrals.board.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="board">
            <thead>
              <tr>
                <th scope="col">{t('referrals.board.rank')}</th>
                <th scope="col">{t('referrals.board.promotion')}</th>
                <th scope="col" className="num">
                  {t('referrals.board.members')}
                </th>
                <th scope="col" className="num board__roster">
                  {t('referrals.board.roster')}
                </th>
                <th scope="col">{t('referrals.board.share')}</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((row) => {
                const own = row.promotion === mine
                const percent = Math.round(row.share * 100)
                return (
                  <tr key={row.promotion} className={own ? 'board__row--mine' : undefined} aria-current={own ? 'true' : undefined}>
                    <td>{row.rank}</td>
                    <th scope="row">
                      {row.promotion} {own ? <span className="badge badge--success">{t('referrals.board.mine')}</span> : null}
                    </th>
                    <td className="num">{row.members}</td>
                    <td className="num board__roster">{row.roster}</td>
                    <td>
                      {t('referrals.percent', { value: percent })}
                      <span className="board__bar" aria-hidden="true">
                        <span style={{ width: `${percent}%` }} />
                      </span>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {board.mine === 'small' ? <p>{t('referrals.board.mineSmall', { min: LEADERBOARD_MIN_ROSTER })}</p> : null}
      {board.mine === 'absent' && board.rows.length > 0 ? <p>{t('referrals.board.mineAbsent')}</p> : null}
      {board.small > 0 ? <p className="muted">{t('referrals.board.small', { count: board.small, min: LEADERBOARD_MIN_ROSTER })}</p> : null}
    </section>
  )
}

interface ClassmatesPage {
  classmates: Classmate[]
  total: number
  page: number
  pages: number
}

/** The search over the classmates (a GET form of its own: forms do not nest). */
function ClassmateSearch({ q }: { q: string }) {
  const t = useT()
  return (
    <Form method="get" className="search-bar search-bar--end invite-search" preventScrollReset>
      <Field label={t('referrals.invite.search')} name="q" type="search" defaultValue={q} required autoComplete="off" />
      <button type="submit" className="button button--secondary">
        {t('referrals.invite.searchSubmit')}
      </button>
      {q ? (
        <Link to="/recommander" className="button button--ghost">
          {t('referrals.invite.searchReset')}
        </Link>
      ) : null}
    </Form>
  )
}

function ClassmateBoxes({ list, q, ticked, errors }: { list: ClassmatesPage; q: string; ticked: string[]; errors?: string[] }) {
  const t = useT()
  const id = fieldId('graduateIds')
  const hint = t('referrals.invite.classmatesHint', { days: REINVITE_DAYS })
  const { 'aria-describedby': describedBy } = describedControl(id, hint, errors)
  return (
    <fieldset className="classmates" aria-describedby={describedBy}>
      <legend>{t('referrals.invite.classmates')}</legend>
      <FieldHint id={id} hint={hint} />
      {list.total > 0 ? <p className="muted">{t('referrals.invite.classmatesCount', { count: list.total })}</p> : null}
      {list.classmates.length === 0 ? <p>{q ? t('referrals.invite.noMatch', { q }) : t('referrals.invite.noClassmates')}</p> : null}
      {list.classmates.map((g, index) => (
        <label key={g.id} className="checkbox">
          <input type="checkbox" id={index === 0 ? id : `${id}-${g.id}`} name="graduateIds" value={g.id} defaultChecked={ticked.includes(String(g.id))} />
          <span>{`${g.firstName} ${g.lastName}`}</span>
        </label>
      ))}
      <FieldError id={id} errors={errors} />
    </fieldset>
  )
}

/** The invite form: ticked classmates (names only), typed addresses, a message; `intent=invite`. */
export function InviteForm({ list, q, left, failure, sent }: { list: ClassmatesPage | null; q: string; left: number; failure: FormResult; sent: number }) {
  const t = useT()
  const { errors, values } = failure
  const ticked = (values.graduateIds ?? '').split(',').filter(Boolean)
  return (
    <section className="card referrals-section" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('referrals.invite.title')}</h2>
      <p>{t('referrals.invite.lead')}</p>
      <p className={left === 0 ? 'alert alert--info' : 'muted'}>{t('referrals.invite.left', { count: left, max: DAILY_INVITATIONS })}</p>
      {list && (list.total > 0 || q) ? <ClassmateSearch q={q} /> : null}
      {/* A new form once invitations went out (the redirect lands on this same page, at the top, where the toast says what was sent). */}
      <Form key={sent} method="post" className="form" noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="invite" />
        {list ? (
          <>
            <ClassmateBoxes list={list} q={q} ticked={ticked} errors={errors.graduateIds} />
            <Pager param="page" page={list.page} pages={list.pages} label={t('referrals.invite.classmatesPages')} />
            {list.pages > 1 ? <p className="muted">{t('referrals.invite.pagesNote')}</p> : null}
          </>
        ) : null}
        <TextAreaField
          label={t('referrals.invite.emails')}
          name="emails"
          hint={t('referrals.invite.emailsHint', { max: MAX_PER_POST })}
          errors={errors.emails}
          defaultValue={values.emails}
          rows={3}
          autoComplete="off"
          spellCheck={false}
        />
        <TextAreaField
          label={t('referrals.invite.message')}
          name="message"
          hint={t('referrals.invite.messageHint', { max: MESSAGE_MAX })}
          errors={errors.message}
          defaultValue={values.message}
          rows={4}
          maxLength={MESSAGE_MAX}
        />
        <SubmitButton intent="invite">{t('referrals.invite.submit')}</SubmitButton>
      </Form>
    </section>
  )
}

const short = (locale: Locale, date: Date) => formatDate(locale, date, { dateStyle: 'medium', timeZone: 'Europe/Paris' })

/** What became of my invitations: sent, an account, dues. */
export function MyInvitationsCard({
  mine,
}: {
  mine: { invitations: MyInvitation[]; page: number; pages: number; counts: { sent: number; joined: number; paid: number } }
}) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <section className="referrals-section" aria-labelledby="mine-title">
      <h2 id="mine-title">{t('referrals.mine.title')}</h2>
      {mine.counts.sent === 0 ? (
        <p className="card state state--soft">{t('referrals.mine.empty')}</p>
      ) : (
        <>
          <p>{t('referrals.mine.summary', mine.counts)}</p>
          <div className="table-wrap">
            <table className="table referrals-table">
              <thead>
                <tr>
                  <th scope="col">{t('referrals.mine.who')}</th>
                  <th scope="col">{t('referrals.mine.sentOn')}</th>
                  <th scope="col">{t('referrals.mine.state')}</th>
                </tr>
              </thead>
              <tbody>
                {mine.invitations.map((i) => (
                  <tr key={i.id}>
                    <td data-label={t('referrals.mine.who')}>{i.name ?? i.email ?? t('referrals.mine.removed')}</td>
                    <td data-label={t('referrals.mine.sentOn')}>{short(locale, i.sentAt)}</td>
                    <td data-label={t('referrals.mine.state')}>
                      <span className={`badge ${i.state === 'sent' ? 'badge--neutral' : 'badge--success'}`}>{t(INVITATION_STATE_KEYS[i.state])}</span>{' '}
                      {i.paidAt ? (
                        <span className="muted">{t('referrals.mine.paidOn', { date: short(locale, i.paidAt) })}</span>
                      ) : i.joinedAt ? (
                        <span className="muted">{t('referrals.mine.joinedOn', { date: short(locale, i.joinedAt) })}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager param="envois" page={mine.page} pages={mine.pages} label={t('referrals.mine.pages')} />
        </>
      )}
    </section>
  )
}
