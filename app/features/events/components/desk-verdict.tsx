import { forwardRef, useCallback, useEffect, useState } from 'react'
import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'

export type Verdict = 'valid' | 'already' | 'notConfirmed' | 'unknown' | 'empty'
export interface DeskAnswer {
  ok: boolean
  verdict: Verdict
  message: string
}

const TITLES: Record<Verdict | 'idle', MessageKey> = {
  idle: 'events.desk.verdict.idle',
  valid: 'events.desk.verdict.valid',
  already: 'events.desk.verdict.already',
  notConfirmed: 'events.desk.verdict.notConfirmed',
  unknown: 'events.desk.verdict.unknown',
  empty: 'events.desk.verdict.empty',
}
const toneOf = (verdict: Verdict | 'idle') => (verdict === 'valid' ? 'ok' : verdict === 'already' ? 'warning' : verdict === 'idle' ? 'idle' : 'refused')

function Icon({ tone }: { tone: string }) {
  // Drawn, not a font glyph: the same on every phone, and large at any size.
  return (
    <svg className="desk-verdict__icon" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true">
      <circle cx="24" cy="24" r="22" fill="currentColor" />
      {tone === 'ok' ? <path d="M14 25l7 7 13-15" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" strokeLinejoin="round" /> : null}
      {tone === 'warning' ? <path d="M24 12v15M24 34v1" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" /> : null}
      {tone === 'refused' ? <path d="M16 16l16 16M32 16L16 32" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" /> : null}
      {tone === 'idle' ? <path d="M15 18h18M15 24h18M15 30h18" stroke="#fff" strokeWidth="4" fill="none" strokeLinecap="round" /> : null}
    </svg>
  )
}

/**
 * The desk's answer to the last ticket, at the top of the page and large: an icon, a colour and
 * words (never the colour alone), read out by screen readers. Empty, it says the desk is ready, so
 * that the first answer takes its place without pushing anything down.
 */
export const DeskVerdict = forwardRef<HTMLDivElement, { answer: DeskAnswer | undefined }>(function DeskVerdict({ answer }, ref) {
  const t = useT()
  const verdict = answer?.verdict ?? 'idle'
  const tone = toneOf(verdict)
  return (
    <div ref={ref} className={`desk-verdict desk-verdict--${tone}`} data-testid="desk-verdict" data-verdict={verdict}>
      <Icon tone={tone} />
      <div role="status" aria-live="assertive" data-testid="desk-answer" className="desk-verdict__text">
        <p className="desk-verdict__title">{t(TITLES[verdict])}</p>
        <p className="desk-verdict__message">{answer ? answer.message : t('events.desk.verdict.idleHint')}</p>
      </div>
    </div>
  )
})

const SOUND_KEY = 'amicale.desk.feedback'
let audio: AudioContext | null = null

/** Two short rising notes for « come in », a low double buzz for anything else. */
function beep(ok: boolean) {
  const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Context) return
  audio ??= new Context()
  if (audio.state === 'suspended') void audio.resume()
  const start = audio.currentTime
  const notes: [number, number, number][] = ok
    ? [
        [880, 0, 0.09],
        [1320, 0.11, 0.14],
      ]
    : [
        [196, 0, 0.18],
        [165, 0.24, 0.3],
      ]
  for (const [frequency, at, length] of notes) {
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.type = ok ? 'sine' : 'square'
    oscillator.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start + at)
    gain.gain.exponentialRampToValueAtTime(ok ? 0.25 : 0.12, start + at + 0.015)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + at + length)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(start + at)
    oscillator.stop(start + at + length + 0.02)
  }
}

/**
 * Sound and vibration for each answer, unless the desk turned them off (kept on this device).
 * Returns the switch's state and setter, and `signal`, to call once per new answer.
 */
export function useDeskFeedback() {
  const [enabled, setEnabled] = useState(true)
  useEffect(() => {
    setEnabled(window.localStorage.getItem(SOUND_KEY) !== 'off')
  }, [])
  const toggle = useCallback(() => {
    setEnabled((on) => {
      window.localStorage.setItem(SOUND_KEY, on ? 'off' : 'on')
      return !on
    })
  }, [])
  const signal = useCallback(
    (ok: boolean) => {
      if (!enabled) return
      try {
        beep(ok)
      } catch {
        // No audio output (or a browser that refuses it): the words and colour still say it.
      }
      navigator.vibrate?.(ok ? 80 : [180, 90, 180])
    },
    [enabled],
  )
  return { enabled, toggle, signal }
}

export function FeedbackSwitch({ enabled, onToggle }: { enabled: boolean; onToggle: () => void }) {
  const t = useT()
  return (
    <button type="button" className="button button--ghost button--small desk__sound" aria-pressed={enabled} onClick={onToggle}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
        {enabled ? (
          <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" stroke="currentColor" strokeWidth="2" fill="none" strokeLinecap="round" />
        ) : (
          <path d="M16 9l6 6M22 9l-6 6" stroke="currentColor" strokeWidth="2" fill="none" strokeLinecap="round" />
        )}
      </svg>
      {t('events.desk.sound')}
    </button>
  )
}
