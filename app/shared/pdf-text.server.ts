import type { PDFFont } from 'pdf-lib'

/**
 * Standard fonts only encode WinAnsi and pdf-lib throws on anything else (Intl's U+202F thousands
 * separator, a Polish « ł » in a name…): spaces become plain spaces, accented letters lose their
 * accent only if the accented form is missing, and the rest becomes « ? » rather than failing the receipt.
 */
export function winAnsiSafe(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet())
  return Array.from(text, (char) => {
    if (supported.has(char.codePointAt(0)!)) return char
    if (/\s/u.test(char)) return ' '
    const base = char.normalize('NFD').replace(/\p{M}/gu, '')
    return base && Array.from(base).every((c) => supported.has(c.codePointAt(0)!)) ? base : '?'
  }).join('')
}
