import type { CeremonyContext, TrusteeState } from './crypto/threshold'

/**
 * The trustee page's browser helpers: the ceremony state kept between the steps in localStorage
 * (never sent to the server), and the files a trustee downloads or loads back.
 */

export const stateKey = (electionId: string, position: number) => `amicale-trustee:${electionId}:${position}`
export const stateFileName = (electionId: string, position: number) => `assesseur-${position}-${electionId}-etape-en-cours.json`
export const keyFileName = (electionId: string, position: number) => `assesseur-${position}-${electionId}.json`

const sameContext = (a: CeremonyContext, b: CeremonyContext) =>
  a.electionId === b.electionId && a.threshold === b.threshold && a.trustees.length === b.trustees.length && a.trustees.every((n, i) => n === b.trustees[i])

/** A state read from storage or a file, if it is one for this trustee of this ceremony. */
export function readState(input: unknown, context: CeremonyContext, position: number): TrusteeState | null {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input.slice(0, 20_000))
    } catch {
      return null
    }
  }
  const s = value as Partial<TrusteeState> | null
  if (!s || typeof s !== 'object' || s.format !== 'amicale-trustee-state/1' || typeof s.seed !== 'string' || s.trustee !== position) return null
  const c = s.context as CeremonyContext | undefined
  if (!c || typeof c !== 'object' || !Array.isArray(c.trustees) || !sameContext(c, context)) return null
  return s as TrusteeState
}

export function loadState(context: CeremonyContext, position: number): TrusteeState | null {
  try {
    return readState(window.localStorage.getItem(stateKey(context.electionId, position)) ?? '', context, position)
  } catch {
    return null
  }
}

export function saveState(state: TrusteeState): boolean {
  try {
    window.localStorage.setItem(stateKey(state.context.electionId, state.trustee), JSON.stringify(state))
    return true
  } catch {
    return false
  }
}

/** Forgets the ceremony's state in this browser (once the key file is kept elsewhere). */
export function forgetState(electionId: string, position: number) {
  try {
    window.localStorage.removeItem(stateKey(electionId, position))
  } catch {
    // Storage refused: nothing was kept either.
  }
}

/** Starts the download of a JSON file made in the page (nothing leaves the browser). */
export function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A chosen file's text, read in the browser (never uploaded). */
export function readFileText(file: File, max = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (file.size > max) return reject(new RangeError('size'))
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result ?? ''))
    reader.onerror = () => reject(reader.error ?? new Error('read'))
    reader.readAsText(file)
  })
}
