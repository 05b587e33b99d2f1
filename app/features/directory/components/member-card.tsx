import { Link } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { Highlighted } from '~/features/directory/components/highlight'
import { Avatar } from '~/shared/components/avatar'
import { profileHref } from '~/features/directory/query'

export interface CardMember {
  id: string
  firstName: string
  lastName: string
  promotion: number | null
  company: string | null
  jobTitle: string | null
  city: string | null
  photo: boolean
  highlights?: Partial<Record<'firstName' | 'lastName' | 'company' | 'jobTitle' | 'city', [number, number][]>>
}

/**
 * Photo or initials, name, promotion, job @ company, city — the design card's member card.
 * `returnTo` is the search it was found in, so that « Retour à l’annuaire » goes back to it.
 */
export function MemberCard({ member, selected, returnTo }: { member: CardMember; selected?: boolean; returnTo?: string }) {
  const t = useT()
  const h = member.highlights ?? {}
  return (
    <article className={`member-card${selected ? ' member-card--selected' : ''}`} data-member-id={member.id}>
      <Avatar person={member} />
      <div className="member-card__body">
        <h3 className="member-card__name">
          <Link to={profileHref(member.id, returnTo)}>
            <Highlighted text={member.firstName} ranges={h.firstName} /> <Highlighted text={member.lastName} ranges={h.lastName} />
          </Link>
        </h3>
        {member.promotion ? <p className="member-card__promo">{t('directory.promo', { year: String(member.promotion) })}</p> : null}
        {member.jobTitle || member.company ? (
          <p>
            {member.jobTitle ? <Highlighted text={member.jobTitle} ranges={h.jobTitle} /> : null}
            {member.jobTitle && member.company ? ' · ' : null}
            {member.company ? <Highlighted text={member.company} ranges={h.company} /> : null}
          </p>
        ) : null}
        {member.city ? (
          <p className="muted">
            <Highlighted text={member.city} ranges={h.city} />
          </p>
        ) : null}
      </div>
    </article>
  )
}
