// The association's look from its settings: pure and browser-safe, so that the settings' schema
// refuses a colour at start-up with the same arithmetic the pages use to derive their palette.

/** The design's association blue (shared/DESIGN.md); app.css holds its hand-tuned variants. */
export const DEFAULT_PRIMARY = '#1f4fa3'

/** WCAG AA for body text: white on the primary (buttons, badges), the primary on white (links). */
export const MIN_CONTRAST = 4.5

type Rgb = [number, number, number]

/** `#abc` or `#aabbcc` (any case) as lower-case `#aabbcc`; null when it is not a hex colour. */
export function normaliseHex(value: string): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())
  if (!match) return null
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1]
  return `#${digits.toLowerCase()}`
}

function rgbOf(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

function hexOf(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`
}

function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The WCAG contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

/** `from` moved towards `to` by `amount` (0: from, 1: to), channel by channel. */
function mix(from: string, to: string, amount: number): string {
  const a = rgbOf(from)
  const b = rgbOf(to)
  return hexOf([0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * amount) as Rgb)
}

/** The darkest shade of `hex` that still reaches the contrast with white, to suggest when it falls short. */
export function darkerShadeFor(hex: string): string {
  for (let amount = 0.05; amount < 1; amount += 0.05) {
    const shade = mix(hex, '#000000', amount)
    if (contrastRatio(shade, '#ffffff') >= MIN_CONTRAST) return shade
  }
  return '#000000'
}

export interface BrandColors {
  primary: string
  /** Hovered buttons and links; also text on the soft background. */
  hover: string
  /** Selected rows, tinted boxes: the primary and its hover must stay readable on it. */
  soft: string
}

/**
 * The palette from one colour, which must already pass `MIN_CONTRAST` with white: hover is
 * darker (more contrast still), soft the lightest tint that keeps both readable on it.
 */
export function brandColors(primary: string): BrandColors {
  const hover = mix(primary, '#000000', 0.22)
  let soft = mix(primary, '#ffffff', 0.9)
  for (let amount = 0.9; amount <= 1.0001 && contrastRatio(primary, soft) < MIN_CONTRAST; amount += 0.01) {
    soft = mix(primary, '#ffffff', amount)
  }
  return { primary, hover, soft }
}

/**
 * The name for a narrow header: the first word when the full name would not fit a phone's
 * bar (« Amicale des diplômés » → « Amicale »), else the name itself.
 */
export function shortNameOf(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length <= 14) return trimmed
  return trimmed.split(/\s+/)[0].slice(0, 14)
}
