import { useFetcher } from '@remix-run/react'
import { useState, type ChangeEvent } from 'react'
import { useT } from '~/shared/i18n'
import type { FieldErrors } from '~/shared/validation'
import type { Ciphertext } from '~/features/elections/crypto/elgamal'
import { readFileText } from '~/features/elections/trustee-client'
import { TrusteeRevalidate } from './trustee-revalidate'

export type TrusteeTallyProps = {
  electionId: string
  position: number
  fingerprint: string
  /** The encrypted tally, JSON text as stored. */
  encryptedTally: string
  decryptions: number
  threshold: number
}

type Answer = { intent: string; ok: true; published: boolean } | { intent: string; errors: FieldErrors }

/**
 * The tally in the trustee's browser: the key file is read here with FileReader (never uploaded),
 * the trustee's share decrypts the encrypted sum (crypto/threshold.ts `partialDecrypt`), and only
 * the partial decryption with its proofs is posted.
 */
export function TrusteeTally(props: TrusteeTallyProps) {
  const t = useT()
  const fetcher = useFetcher<Answer>()
  const [problem, setProblem] = useState<string | null>(null)
  const [working, setWorking] = useState(false)
  const serverErrors = fetcher.data && 'errors' in fetcher.data ? (fetcher.data.errors.partial ?? Object.values(fetcher.data.errors).flat()) : null
  const busy = working || fetcher.state !== 'idle'

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (!file) return
    setProblem(null)
    setWorking(true)
    try {
      const crypto = await import('~/features/elections/crypto/threshold')
      const read = crypto.readTrusteeKeyFile(await readFileText(file, 10_000))
      if (!read.ok) return setProblem(t('elections.tally.keyFileBad'))
      if (read.keyFile.electionId !== props.electionId || read.keyFile.trustee !== props.position)
        return setProblem(t('elections.tally.keyFileOther', { position: read.keyFile.trustee }))
      const partial = crypto.partialDecrypt(props.fingerprint, read.keyFile, JSON.parse(props.encryptedTally) as Ciphertext[])
      const body = new FormData()
      body.set('intent', 'decrypt')
      body.set('partial', JSON.stringify(partial))
      fetcher.submit(body, { method: 'post' })
    } catch {
      setProblem(t('elections.tally.keyFileBad'))
    } finally {
      setWorking(false)
    }
  }

  return (
    <section className="card stack trustee-tally" aria-labelledby="trustee-tally-title">
      <h2 id="trustee-tally-title">{t('elections.tally.title')}</h2>
      <p>{t('elections.tally.help', { count: props.decryptions, threshold: props.threshold })}</p>
      <p>
        <label htmlFor="trustee-key-file">{t('elections.tally.keyFile')}</label>
        <br />
        <input
          id="trustee-key-file"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          aria-describedby="trustee-key-file-hint"
          onChange={(e) => void onFile(e)}
        />
      </p>
      <p id="trustee-key-file-hint" className="muted">
        {t('elections.tally.keyFileHint')}
      </p>
      {busy ? (
        <p role="status" className="muted">
          {t('elections.tally.working')}
        </p>
      ) : null}
      {problem || serverErrors?.length ? (
        <div className="alert alert--error" role="alert">
          {problem ? <p>{problem}</p> : null}
          {(serverErrors ?? []).map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      <TrusteeRevalidate />
    </section>
  )
}
