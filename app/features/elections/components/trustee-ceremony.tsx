import { useFetcher } from '@remix-run/react'
import { useEffect, useState, type ChangeEvent } from 'react'
import { useT } from '~/shared/i18n'
import type { FieldErrors } from '~/shared/validation'
import type { CeremonyContext, TrusteeState } from '~/features/elections/crypto/threshold'
import {
  downloadJson,
  forgetState,
  keyFileName,
  loadState,
  readFileText,
  readState,
  saveState,
  stateFileName,
  stateKey,
} from '~/features/elections/trustee-client'
import { TrusteeRevalidate } from './trustee-revalidate'

export type TrusteeCeremonyProps = {
  electionId: string
  position: number
  step: 0 | 1 | 2 | 3
  trustees: { position: number; name: string; step: number }[]
  context: CeremonyContext
  commitments: string[] | null
  shares: string[] | null
}

type Answer = { intent: string; ok: true } | { intent: string; errors: FieldErrors }

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * The key ceremony in the trustee's browser (crypto/threshold.ts): step 1 draws the secret seed,
 * kept in localStorage between the steps, and posts the commitments; step 2 checks everybody's
 * commitments and posts the encrypted shares; step 3 checks the shares received, downloads the
 * key file and posts the verification key. Only public messages are posted.
 */
export function TrusteeCeremony(props: TrusteeCeremonyProps) {
  const t = useT()
  const fetcher = useFetcher<Answer>()
  const [state, setState] = useState<TrusteeState | null>(null)
  const [checked, setChecked] = useState(false)
  const [working, setWorking] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const { electionId, position, step, context } = props

  useEffect(() => {
    setState(loadState(context, position))
    setChecked(true)
  }, [context, position])

  const serverErrors = fetcher.data && 'errors' in fetcher.data ? fetcher.data.errors : null
  const busy = working || fetcher.state !== 'idle'
  const nameOf = (p: number) => props.trustees.find((x) => x.position === p)?.name ?? String(p)
  // Who has not done the step the viewer waits for.
  const missing = props.trustees.filter((x) => x.step < step).map((x) => x.name)
  const allDone = props.trustees.every((x) => x.step === 3)

  function post(intent: 'publish' | 'share' | 'finalise', message: unknown) {
    const body = new FormData()
    body.set('intent', intent)
    body.set('message', JSON.stringify(message))
    fetcher.submit(body, { method: 'post' })
  }

  async function run(work: (crypto: typeof import('~/features/elections/crypto/threshold')) => void) {
    setProblem(null)
    setNotice(null)
    setWorking(true)
    try {
      // Loaded on demand: the page paints without the group arithmetic.
      work(await import('~/features/elections/crypto/threshold'))
    } catch {
      setProblem(t('elections.ceremony.error.browser'))
    } finally {
      setWorking(false)
    }
  }

  const publish = () =>
    run((crypto) => {
      // A new seed each time the ceremony starts (a restarted ceremony never reuses one).
      const started = crypto.ceremonyPublish(context, position)
      if (!saveState(started.state)) setNotice(t('elections.ceremony.storageFailed'))
      setState(started.state)
      post('publish', started.message)
    })

  const share = () =>
    run((crypto) => {
      if (!state || !props.commitments) return
      const shared = crypto.ceremonyCheckAndShare(state, props.commitments.map(parse))
      if (!shared.ok) return setProblem(t('elections.ceremony.checkFailed', { detail: shared.failure }))
      post('share', shared.message)
    })

  const finalise = (again: boolean) =>
    run((crypto) => {
      if (!state || !props.commitments || !props.shares) return
      const done = crypto.ceremonyFinalise(state, props.commitments.map(parse), props.shares.map(parse))
      if (!done.ok)
        return setProblem(
          done.culprit
            ? t('elections.ceremony.badShare', { name: nameOf(done.culprit), detail: done.failure })
            : t('elections.ceremony.checkFailed', { detail: done.failure }),
        )
      downloadJson(keyFileName(electionId, position), done.keyFile)
      if (!again) post('finalise', done.message)
    })

  async function loadFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (!file) return
    setProblem(null)
    try {
      const read = readState(await readFileText(file), context, position)
      if (!read) return setProblem(t('elections.ceremony.stateFileBad'))
      saveState(read)
      setState(read)
      setNotice(t('elections.ceremony.stateLoaded'))
    } catch {
      setProblem(t('elections.ceremony.stateFileBad'))
    }
  }

  const waiting = step >= 1 && step < 3 && missing.length > 0
  const needsState = step >= 1 && step < 3 && checked && !state

  return (
    <section className="card stack trustee-ceremony" aria-labelledby="trustee-step-title">
      <h2 id="trustee-step-title">{t(`elections.ceremony.stepTitle.${step}`)}</h2>
      <p>{t(`elections.ceremony.stepHelp.${step}`)}</p>

      {step === 0 ? (
        <p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void publish()}>
            {busy ? t('elections.ceremony.working') : t('elections.ceremony.action.publish')}
          </button>
        </p>
      ) : null}

      {waiting ? (
        <>
          <p className="alert alert--info" role="status">
            {t('elections.ceremony.waiting', { names: missing.join(', ') })}
          </p>
          <TrusteeRevalidate />
        </>
      ) : null}

      {needsState ? (
        <p className="alert alert--error" role="alert">
          {t('elections.ceremony.stateMissing')}
        </p>
      ) : null}

      {step === 1 && !waiting && state ? (
        <p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void share()}>
            {busy ? t('elections.ceremony.working') : t('elections.ceremony.action.share')}
          </button>
        </p>
      ) : null}

      {step === 2 && !waiting && state ? (
        <p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void finalise(false)}>
            {busy ? t('elections.ceremony.working') : t('elections.ceremony.action.finalise')}
          </button>
        </p>
      ) : null}

      {step === 3 ? (
        <>
          <p className="alert alert--success" role="status">
            {allDone
              ? t('elections.ceremony.allDone')
              : t('elections.ceremony.waitingFinal', {
                  names: props.trustees
                    .filter((x) => x.step < 3)
                    .map((x) => x.name)
                    .join(', '),
                })}
          </p>
          {allDone ? null : <TrusteeRevalidate />}
          <p>
            <strong>{t('elections.ceremony.keepKey', { file: keyFileName(electionId, position) })}</strong>
          </p>
          {state ? (
            <>
              <p>
                <button type="button" className="button button--ghost" disabled={busy} onClick={() => void finalise(true)}>
                  {t('elections.ceremony.action.downloadAgain')}
                </button>
              </p>
              <details className="confirm">
                <summary className="button button--ghost">{t('elections.ceremony.forget.title')}</summary>
                <p>{t('elections.ceremony.forget.body')}</p>
                <button
                  type="button"
                  className="button button--danger"
                  onClick={() => {
                    forgetState(electionId, position)
                    setState(null)
                    setNotice(t('elections.ceremony.forgotten'))
                  }}
                >
                  {t('elections.ceremony.forget.confirm')}
                </button>
              </details>
            </>
          ) : null}
        </>
      ) : null}

      {problem ? (
        <div className="alert alert--error" role="alert">
          <p>{problem}</p>
        </div>
      ) : null}
      {serverErrors ? (
        <div className="alert alert--error" role="alert">
          {Object.values(serverErrors)
            .flat()
            .map((m) => (
              <p key={m}>{m}</p>
            ))}
        </div>
      ) : null}
      {notice ? (
        <p className="muted" role="status">
          {notice}
        </p>
      ) : null}

      {step >= 1 && step < 3 ? (
        <details className="trustee-state">
          <summary>{t('elections.ceremony.state.title')}</summary>
          <p>{t('elections.ceremony.state.help', { key: stateKey(electionId, position) })}</p>
          {state ? (
            <p>
              <button type="button" className="button button--ghost" onClick={() => downloadJson(stateFileName(electionId, position), state)}>
                {t('elections.ceremony.state.save')}
              </button>
            </p>
          ) : null}
          <p>
            <label htmlFor="trustee-state-file">{t('elections.ceremony.state.load')}</label>
            <br />
            <input id="trustee-state-file" type="file" accept="application/json,.json" onChange={(e) => void loadFile(e)} />
          </p>
        </details>
      ) : null}
    </section>
  )
}
