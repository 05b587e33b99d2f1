import { Form } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useT } from '~/shared/i18n'

export interface UndoableApproval {
  id: number
  title: string
  /** When « Annuler » stops working, on the server's clock (ms). */
  undoUntil: number
}

const keyOf = (a: UndoableApproval) => `${a.id}:${a.undoUntil}`

/**
 * « Offre publiée — Annuler », one toast per offer the webmaster published in the last minute.
 * Server-rendered with a plain form (intent=undo), so it works without JavaScript; with it, each
 * toast leaves when its minute is over (counted from the server's clock, not the browser's).
 */
export function UndoApprovals({ approvals, serverNow }: { approvals: UndoableApproval[]; serverNow: number }) {
  // Keyed by publication, not offer: an offer published again later gets its own minute.
  const [expired, setExpired] = useState<string[]>([])
  const shown = approvals.filter((a) => a.undoUntil > serverNow && !expired.includes(keyOf(a)))
  useEffect(() => {
    const loadedAt = Date.now()
    const timers = approvals.map((a) =>
      setTimeout(() => setExpired((keys) => [...keys, keyOf(a)]), Math.max(0, a.undoUntil - serverNow - (Date.now() - loadedAt))),
    )
    return () => timers.forEach(clearTimeout)
  }, [approvals, serverNow])
  if (shown.length === 0) return null
  return (
    <div className="undo-toasts">
      {shown.map((a) => (
        <UndoToast key={keyOf(a)} approval={a} />
      ))}
    </div>
  )
}

function UndoToast({ approval }: { approval: UndoableApproval }) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // The « Publier » button that had the focus left with its offer: the keyboard resumes here.
    if (document.activeElement === document.body || document.activeElement === null) ref.current?.focus()
  }, [])
  return (
    <div ref={ref} className="toast toast--success undo-toast" role="status" tabIndex={-1} data-testid="undo-approval">
      <div>
        <p>
          <strong>{t('admin.offers.undoable', { title: approval.title })}</strong>
        </p>
        <p className="muted">{t('admin.offers.undoHint')}</p>
      </div>
      <Form method="post" className="undo-toast__form">
        <input type="hidden" name="offerId" value={approval.id} />
        <button
          type="submit"
          name="intent"
          value="undo"
          className="button button--secondary"
          aria-label={t('admin.offers.undoLabel', { title: approval.title })}
        >
          {t('admin.offers.undo')}
        </button>
      </Form>
    </div>
  )
}
