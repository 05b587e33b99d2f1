import { RichText } from '~/shared/components/rich-text'
import { avatarColour } from '~/shared/components/avatar'
import { useT } from '~/shared/i18n'

export interface CandidateView {
  id: string
  userId: string | null
  name: string
  promotion: number | null
  statement: string
  hasPhoto: boolean
  position?: number
}

/** The candidate's face: the profile photo (alt = the name), or initials on the person's colour. */
export function CandidatePhoto({ userId, name, hasPhoto, size = 96 }: { userId: string | null; name: string; hasPhoto: boolean; size?: number }) {
  if (hasPhoto && userId)
    return <img className="candidate__photo" src={`/membres/${userId}/photo`} alt={name} width={size} height={size} loading="lazy" decoding="async" />
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => Array.from(w)[0] ?? '')
      .join('')
      .toLocaleUpperCase('fr-FR') || '?'
  return (
    <span
      className="candidate__photo candidate__photo--initials"
      role="img"
      aria-label={name}
      style={{ background: avatarColour(userId ?? name), width: size, height: size }}
    >
      {initials}
    </span>
  )
}

/** One candidate of the published list: position, photo, name, promotion, « profession de foi ». */
export function CandidateCard({ candidate }: { candidate: CandidateView }) {
  const t = useT()
  const titleId = `candidate-${candidate.id}`
  return (
    <article className="card candidate" aria-labelledby={titleId}>
      <div className="candidate__head">
        <CandidatePhoto userId={candidate.userId} name={candidate.name} hasPhoto={candidate.hasPhoto} />
        <div>
          {candidate.position ? <p className="muted candidate__position">{t('elections.candidates.position', { position: candidate.position })}</p> : null}
          <h2 id={titleId} className="candidate__name">
            {candidate.name}
          </h2>
          {candidate.promotion ? <p className="muted">{t('elections.candidates.promotion', { promotion: String(candidate.promotion) })}</p> : null}
        </div>
      </div>
      <RichText text={candidate.statement} className="rich-text candidate__statement" />
    </article>
  )
}
