import { useEffect, useRef, useState } from 'react'
import { useT } from '~/shared/i18n'

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>
}
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null

/**
 * The phone's camera reads ticket QR codes: the browser's BarcodeDetector where there is one
 * (Chrome on Android), else jsQR on canvas frames (Safari, Firefox). A code is reported once,
 * then ignored for a few seconds so that a ticket held in front of the camera is not sent twice.
 */
export function QrScanner({ onCode }: { onCode: (code: string) => void }) {
  const t = useT()
  const video = useRef<HTMLVideoElement>(null)
  const [state, setState] = useState<'idle' | 'starting' | 'scanning' | 'denied' | 'unsupported'>('idle')
  const report = useRef(onCode)
  report.current = onCode

  const active = state === 'starting' || state === 'scanning'
  useEffect(() => {
    if (!active) return
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setInterval> | null = null
    let stopped = false
    const recent = new Map<string, number>()
    ;(async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setState('unsupported')
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      } catch {
        return setState('denied')
      }
      if (stopped || !video.current) return
      video.current.srcObject = stream
      await video.current.play().catch(() => {})
      const BarcodeDetector = (window as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => Detector }).BarcodeDetector
      const detector = BarcodeDetector ? new BarcodeDetector({ formats: ['qr_code'] }) : null
      const jsQR = detector ? null : (((await import('jsqr')) as unknown as { default: JsQr }).default as JsQr)
      const canvas = document.createElement('canvas')
      setState('scanning')
      timer = setInterval(async () => {
        const v = video.current
        if (!v || v.readyState < 2) return
        let text: string | null = null
        if (detector) text = (await detector.detect(v).catch(() => []))[0]?.rawValue ?? null
        else if (jsQR) {
          canvas.width = v.videoWidth
          canvas.height = v.videoHeight
          const g = canvas.getContext('2d', { willReadFrequently: true })
          if (!g) return
          g.drawImage(v, 0, 0)
          text = jsQR(g.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data ?? null
        }
        if (!text) return
        const now = Date.now()
        if ((recent.get(text) ?? 0) > now - 4000) return
        recent.set(text, now)
        report.current(text)
      }, 250)
    })()
    return () => {
      stopped = true
      if (timer) clearInterval(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [active])

  return (
    <div className="scanner">
      {state === 'idle' || state === 'denied' || state === 'unsupported' ? (
        <button type="button" className="button button--primary" onClick={() => setState('starting')}>
          {t('events.desk.startCamera')}
        </button>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setState('idle')}>
          {t('events.desk.stopCamera')}
        </button>
      )}
      {state === 'denied' ? <p className="field__error">{t('events.desk.cameraDenied')}</p> : null}
      {state === 'unsupported' ? <p className="field__error">{t('events.desk.cameraUnsupported')}</p> : null}
      <video
        ref={video}
        className="scanner__video"
        hidden={state !== 'scanning' && state !== 'starting'}
        muted
        playsInline
        aria-label={t('events.desk.cameraLabel')}
      />
    </div>
  )
}
