import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { STAGES_IN_ORDER, type ElectionStage } from '~/features/elections/stage'

type TimelineDates = {
  candidacyOpensAt: string
  candidacyClosesAt: string
  rollAt: string
  votingOpensAt: string
  votingClosesAt: string
}

/** What each stage's line says of its dates. */
function whenOf(stage: ElectionStage, d: TimelineDates): { key: MessageKey; params?: Record<string, string> } | null {
  switch (stage) {
    case 'announced':
      return { key: 'elections.timeline.when.announced', params: { date: d.candidacyOpensAt } }
    case 'candidacy':
      return { key: 'elections.timeline.when.candidacy', params: { opens: d.candidacyOpensAt, closes: d.candidacyClosesAt, roll: d.rollAt } }
    case 'preparation':
      return { key: 'elections.timeline.when.preparation', params: { date: d.candidacyClosesAt } }
    case 'ready':
      return { key: 'elections.timeline.when.ready', params: { date: d.votingOpensAt } }
    case 'voting':
      return { key: 'elections.timeline.when.voting', params: { opens: d.votingOpensAt, closes: d.votingClosesAt } }
    case 'counting':
      return { key: 'elections.timeline.when.counting', params: { date: d.votingClosesAt } }
    default:
      return null
  }
}

/**
 * The election's stages in order, the current one marked (its state in words, not only in
 * colour), each with its dates and what happens then, in plain French for non-cryptographers.
 */
export function StageTimeline({ stage, dates }: { stage: ElectionStage; dates: TimelineDates }) {
  const t = useT()
  const current = STAGES_IN_ORDER.indexOf(stage)
  return (
    <ol className="stage-timeline">
      {STAGES_IN_ORDER.map((s, i) => {
        const state = stage === 'cancelled' ? 'upcoming' : i < current ? 'done' : i === current ? 'current' : 'upcoming'
        const when = whenOf(s, dates)
        return (
          <li key={s} className={`stage-timeline__step stage-timeline__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <p className="stage-timeline__title">
              <span className="stage-timeline__marker" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <strong>{t(`elections.stage.${s}`)}</strong>
              {state !== 'upcoming' ? <span className="visually-hidden"> — {t(`elections.timeline.state.${state}`)}</span> : null}
              {state === 'current' ? <span className="badge stage-timeline__now">{t('elections.timeline.state.current')}</span> : null}
            </p>
            {when ? <p className="muted stage-timeline__when">{t(when.key, when.params)}</p> : null}
            <p className="stage-timeline__what">{t(`elections.timeline.what.${s}`)}</p>
          </li>
        )
      })}
    </ol>
  )
}

/** « Comment le secret du vote est garanti », in four sentences. */
export function BallotSecrecy() {
  const t = useT()
  return (
    <section className="card" aria-labelledby="ballot-secrecy">
      <h2 id="ballot-secrecy">{t('elections.secrecy.title')}</h2>
      <ul>
        <li>{t('elections.secrecy.browser')}</li>
        <li>{t('elections.secrecy.association')}</li>
        <li>{t('elections.secrecy.trustees')}</li>
        <li>{t('elections.secrecy.verify')}</li>
      </ul>
    </section>
  )
}

/** The stage as a short badge, for lists. */
export function StageBadge({ stage }: { stage: ElectionStage }) {
  const t = useT()
  const tone = stage === 'voting' || stage === 'candidacy' ? ' badge--success' : stage === 'cancelled' ? ' badge--danger' : ''
  return <span className={`badge${tone} stage-badge`}>{t(`elections.stage.${stage}`)}</span>
}

/** The sealed election's fingerprint as a line of a `<dl className="facts">`; nothing before the seal. */
export function FingerprintFact({ fingerprint }: { fingerprint: string | null }) {
  const t = useT()
  if (!fingerprint) return null
  return (
    <>
      <dt>{t('elections.overview.fingerprint')}</dt>
      <dd>
        <code className="fingerprint">{fingerprint}</code>
      </dd>
    </>
  )
}
