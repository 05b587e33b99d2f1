import { Link, useFetcher } from '@remix-run/react'
import { useEffect, useState, type FormEvent } from 'react'
import { ErrorSummary, Field } from '~/shared/components/forms'
import { FieldError } from '~/shared/components/form/field-parts'
import { useRootData, useT } from '~/shared/i18n'
import { formatDate } from '~/i18n'
import type { FieldErrors } from '~/shared/validation'
import { VOTE_GRANT_MS, voteSecretPattern } from '~/features/elections/voting-schema'
import type { BallotElection } from '~/features/elections/crypto/ballot'

export type VoteFormProps = {
  electionId: string
  election: BallotElection
  candidates: { id: string; name: string }[]
  seats: number
  requireMailCode: boolean
  codePending: boolean
}

type Refusal = { intent: string; errors: FieldErrors; values: Record<string, string> }
type CastAnswer = { intent: 'cast'; tracker: string; replaced: boolean } | Refusal
type CodeAnswer = { intent: 'code'; sent: true } | Refusal
type ReauthAnswer = { intent: 'reauth'; grant: string; expiresAt: string } | Refusal
type Grant = { grant: string; expiresAt: string }

const timeOf = (locale: Parameters<typeof formatDate>[0], iso: string) => formatDate(locale, new Date(iso), { timeStyle: 'short', timeZone: 'Europe/Paris' })

/**
 * Voting in two steps, in the order the voter lives them: they re-authenticate (password, and the
 * mailed code when the election asks for one), which grants this session a few minutes; then they
 * choose and the browser encrypts. The voting code (read from the address's `#code=…`, which
 * never reaches the server, then removed from the address bar) gives the credential; the choices
 * are encrypted and signed with it (crypto/ballot.ts), and only that ballot is posted, with the
 * grant. A grant that ran out brings the first step back, which says so.
 */
export function VoteForm(props: VoteFormProps) {
  const [grant, setGrant] = useState<Grant | null>(null)
  const [expired, setExpired] = useState<FieldErrors | null>(null)
  const [linkSecret, setLinkSecret] = useState('')
  useEffect(() => {
    const match = /(?:^#|&)code=([A-Za-z0-9_-]+)/.exec(window.location.hash)
    if (match) {
      setLinkSecret(match[1]!)
      // The code stays out of the history and of anything the page's address is copied into.
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    }
  }, [])
  return grant ? (
    <BallotStep
      {...props}
      grant={grant}
      linkSecret={linkSecret}
      onExpired={(errors) => {
        setExpired(errors)
        setGrant(null)
      }}
    />
  ) : (
    <IdentityStep {...props} expired={expired} onGrant={setGrant} />
  )
}

function IdentityStep(props: VoteFormProps & { expired: FieldErrors | null; onGrant: (grant: Grant) => void }) {
  const t = useT()
  const { locale } = useRootData()
  const reauth = useFetcher<ReauthAnswer>()
  const code = useFetcher<CodeAnswer>()
  const [localErrors, setLocalErrors] = useState<FieldErrors | null>(null)
  const { onGrant } = props
  const answer = reauth.data
  const serverErrors = answer && 'errors' in answer ? answer.errors : null
  const codeErrors = code.data && 'errors' in code.data ? code.data.errors : null
  const errors: FieldErrors = localErrors ?? { ...(props.expired ?? {}), ...(serverErrors ?? {}), ...(codeErrors ?? {}) }
  const busy = reauth.state !== 'idle'

  useEffect(() => {
    if (answer && 'grant' in answer) onGrant({ grant: answer.grant, expiresAt: answer.expiresAt })
    // A refused password is typed again.
    const field = document.getElementById('field-password') as HTMLInputElement | null
    if (answer && 'errors' in answer && field) field.value = ''
  }, [answer, onGrant])

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const problems: FieldErrors = {}
    if (!String(form.get('password') ?? '')) problems.password = [t('elections.vote.error.passwordMissing')]
    if (props.requireMailCode && !String(form.get('code') ?? '').trim()) problems.code = [t('elections.vote.error.codeMissing')]
    if (Object.keys(problems).length) return setLocalErrors(problems)
    setLocalErrors(null)
    form.set('intent', 'reauth')
    reauth.submit(form, { method: 'post' })
  }

  return (
    <form method="post" className="form vote-form card" noValidate onSubmit={submit} aria-labelledby="vote-step-identity">
      <h2 id="vote-step-identity">{t('elections.vote.step.identity')}</h2>
      <p className="muted">{t('elections.vote.step.identityHint', { minutes: VOTE_GRANT_MS / 60_000 })}</p>
      <ErrorSummary errors={errors} />
      {props.requireMailCode ? (
        <div className="vote-code">
          <Field
            label={t('elections.vote.field.code')}
            hint={t('elections.vote.field.codeHint')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            errors={errors.code}
          />
          <button
            type="button"
            className="button button--ghost"
            disabled={code.state !== 'idle'}
            onClick={() => code.submit({ intent: 'code' }, { method: 'post' })}
          >
            {props.codePending || code.data ? t('elections.vote.code.again') : t('elections.vote.code.send')}
          </button>
          <p role="status" className="muted">
            {code.data && 'sent' in code.data ? t('elections.vote.code.sent') : ''}
          </p>
        </div>
      ) : null}
      <Field
        label={t('elections.vote.field.password')}
        hint={t('elections.vote.field.passwordHint')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors.password}
      />
      <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy || undefined}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {busy ? t('form.sending') : t('elections.vote.step.identitySubmit')}
      </button>
      <p className="visually-hidden" role="status">
        {answer && 'grant' in answer ? t('elections.vote.step.granted', { time: timeOf(locale, answer.expiresAt) }) : ''}
      </p>
    </form>
  )
}

function BallotStep(props: VoteFormProps & { grant: Grant; linkSecret: string; onExpired: (errors: FieldErrors) => void }) {
  const t = useT()
  const { locale } = useRootData()
  const cast = useFetcher<CastAnswer>()
  const [secret, setSecret] = useState(props.linkSecret)
  const [chosen, setChosen] = useState<number[]>([])
  const [blank, setBlank] = useState(false)
  const [encrypting, setEncrypting] = useState(false)
  const [localErrors, setLocalErrors] = useState<FieldErrors | null>(null)
  const [copied, setCopied] = useState(false)
  const { onExpired } = props

  const answer = cast.data
  const done = answer && 'tracker' in answer ? answer : null
  const serverErrors = answer && 'errors' in answer ? answer.errors : null
  const errors: FieldErrors = localErrors ?? serverErrors ?? {}
  const busy = encrypting || cast.state !== 'idle'

  useEffect(() => {
    // The grant ran out (or the session changed): back to the first step, which says so.
    if (serverErrors?.password) onExpired({ password: serverErrors.password })
  }, [serverErrors, onExpired])

  if (done) {
    return (
      <section className="card vote-done" aria-labelledby="vote-done-title" tabIndex={-1} ref={(el) => el?.focus()}>
        <h2 id="vote-done-title">{done.replaced ? t('elections.vote.done.replaced') : t('elections.vote.done.title')}</h2>
        <p>{t('elections.vote.done.tracker')}</p>
        <p className="vote-tracker">
          <code id="vote-tracker">{done.tracker}</code>
        </p>
        <p className="vote-done__actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              void navigator.clipboard?.writeText(done.tracker).then(() => setCopied(true))
            }}
          >
            {t('elections.vote.done.copy')}
          </button>
          {/* The fragment carries the tracker to the board's search without reaching the server's logs. */}
          <Link className="button button--primary" to={`/elections/${props.electionId}/urne#suivi=${done.tracker}`}>
            {t('elections.vote.done.check')}
          </Link>
        </p>
        <p role="status">{copied ? t('elections.vote.done.copied') : ''}</p>
        <p className="muted">{t('elections.vote.done.mail')}</p>
        <p className="muted">{t('elections.vote.done.revote')}</p>
      </section>
    )
  }

  function toggle(index: number) {
    setBlank(false)
    setChosen((list) => (list.includes(index) ? list.filter((i) => i !== index) : [...list, index].sort((a, b) => a - b)))
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const typed = secret.trim()
    const problems: FieldErrors = {}
    if (!voteSecretPattern.test(typed)) problems.secret = [t(typed ? 'elections.vote.error.secretFormat' : 'elections.vote.error.secretMissing')]
    if (chosen.length > props.seats) problems.choices = [t('elections.vote.error.tooMany', { count: props.seats })]
    if (chosen.length === 0 && !blank) problems.choices = [t('elections.vote.error.noChoice')]
    if (Object.keys(problems).length) return setLocalErrors(problems)
    setLocalErrors(null)
    setEncrypting(true)
    try {
      // Loaded on demand: the page paints without the group arithmetic.
      const crypto = await import('~/features/elections/crypto/ballot')
      const credential = crypto.credentialFromSecret(props.electionId, typed)
      const ballot = crypto.encryptBallot(props.election, blank ? [] : chosen, credential)
      const body = new FormData()
      body.set('intent', 'cast')
      body.set('ballot', crypto.ballotText(ballot))
      body.set('grant', props.grant.grant)
      cast.submit(body, { method: 'post' })
    } catch {
      setLocalErrors({ form: [t('elections.vote.error.encryption')] })
    } finally {
      setEncrypting(false)
    }
  }

  return (
    <form method="post" className="form vote-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="vote-step-ballot">
      <h2 id="vote-step-ballot">{t('elections.vote.step.ballot')}</h2>
      <p className="alert alert--success">{t('elections.vote.step.granted', { time: timeOf(locale, props.grant.expiresAt) })}</p>
      <ErrorSummary errors={errors} />
      <Field
        label={t('elections.vote.field.secret')}
        hint={t('elections.vote.field.secretHint')}
        name="secret"
        value={secret}
        onChange={(e) => setSecret(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={40}
        errors={errors.secret}
      />
      <fieldset className="vote-choices" aria-describedby={`field-choices-hint${errors.choices ? ' field-choices-error' : ''}`}>
        <legend>{t('elections.vote.field.choices', { count: props.seats })}</legend>
        <p className="field__hint" id="field-choices-hint">
          {t('elections.vote.field.choicesHint', { count: props.seats })}
        </p>
        {props.candidates.map((c, index) => (
          <label key={c.id} className="checkbox vote-choice">
            <input type="checkbox" id={index === 0 ? 'field-choices' : undefined} checked={chosen.includes(index)} onChange={() => toggle(index)} />
            <span>
              <span className="vote-choice__rank">{index + 1}.</span> {c.name}
            </span>
          </label>
        ))}
        <label className="checkbox vote-choice vote-choice--blank">
          <input
            type="checkbox"
            checked={blank}
            onChange={() => {
              setBlank((b) => !b)
              setChosen([])
            }}
          />
          <span>{t('elections.vote.field.blank')}</span>
        </label>
        <FieldError id="field-choices" errors={errors.choices} />
      </fieldset>
      <p className="muted" aria-live="polite">
        {blank || chosen.length === 0 ? t('elections.vote.summary.blank') : t('elections.vote.summary.chosen', { count: chosen.length, seats: props.seats })}
      </p>
      <FieldError id="field-ballot" errors={errors.ballot} />
      <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy || undefined}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {encrypting ? t('elections.vote.encrypting') : cast.state !== 'idle' ? t('form.sending') : t('elections.vote.submit')}
      </button>
    </form>
  )
}
