import { inflateSync } from 'node:zlib'

/**
 * The text shown on the pages of a simple PDF, one shown string per line: enough to check that a
 * receipt names the right person and amount, no more. It reads every stream (uncompressed or
 * FlateDecode), keeps the strings passed to Tj, ', " and TJ, and decodes them as WinAnsi, which is
 * what pdf-lib's standard fonts use. It does not follow font encodings, CMaps, object streams or
 * the reading order: a PDF from elsewhere may need a real parser.
 */
export function extractPdfText(bytes: Uint8Array): string {
  return streams(bytes)
    .flatMap((content) => shownStrings(content))
    .map(decodeWinAnsi)
    .join('\n')
}

/**
 * WinAnsi is Latin-1 (é è à ç ô « » NBSP…) except 0x80–0x9F, which hold € ’ — … Hand-rolled because
 * Node 20's TextDecoder('windows-1252') decodes that range as Latin-1 control characters.
 */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
function decodeWinAnsi(raw: Uint8Array): string {
  return Array.from(raw, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b))).join('')
}

/** Each stream's decoded bytes; bytes are handled as latin1 so string offsets are byte offsets. */
function streams(bytes: Uint8Array): Uint8Array[] {
  const pdf = Buffer.from(bytes).toString('latin1')
  const found: Uint8Array[] = []
  // A stream is a dictionary followed by « stream »; the lookahead keeps a match inside one object.
  const header = /<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g
  for (let match; (match = header.exec(pdf));) {
    const dict = match[1]
    const start = match.index + match[0].length
    const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)
    const end = direct ? start + Number(direct[1]) : pdf.indexOf('endstream', start)
    const data = Buffer.from(pdf.slice(start, end), 'latin1')
    if (/\/Filter\s*(\[\s*)?\/FlateDecode/.test(dict)) found.push(inflateSync(data))
    else if (!/\/Filter/.test(dict)) found.push(data)
    // Other filters (images: DCTDecode…) never hold text we could read here.
  }
  return found
}

/** The string operands of the text-showing operators, in content order, as raw bytes. */
function shownStrings(content: Uint8Array): Uint8Array[] {
  const text = Buffer.from(content).toString('latin1')
  const shown: Uint8Array[] = []
  let operands: Uint8Array[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '(') {
      const [value, next] = literal(text, i)
      operands.push(value)
      i = next
    } else if (c === '<' && text[i + 1] !== '<') {
      const close = text.indexOf('>', i)
      const hex = text.slice(i + 1, close).replace(/\s/g, '')
      operands.push(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'))
      i = close + 1
    } else if (c === '/') {
      i++ // a name (/F1, /Span): an operand, never an operator
      while (i < text.length && !/[\s/<>[\]()%{}]/.test(text[i])) i++
    } else if (c === '%') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++
    } else if (/[A-Za-z'"*]/.test(c)) {
      // An operator ends its operands: keep them only if it shows text. Arrays ([ ... ] TJ) have
      // already contributed their strings; their kerning numbers are simply skipped.
      const op = /^[A-Za-z'"*]+/.exec(text.slice(i, i + 8))![0]
      if (['Tj', 'TJ', "'", '"'].includes(op) && operands.length) {
        shown.push(op === 'TJ' ? Buffer.concat(operands) : operands[operands.length - 1])
      }
      operands = []
      i += op.length
    } else {
      i++ // whitespace, numbers, brackets, dictionaries' << >>
    }
  }
  return shown
}

/** A literal string from its « ( » to the matching « ) », with PDF escapes and nested parentheses. */
function literal(text: string, open: number): [Uint8Array, number] {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }
  let depth = 1
  let out = ''
  let i = open + 1
  for (; i < text.length && depth > 0; i++) {
    const c = text[i]
    if (c === '\\') {
      const next = text[++i]
      const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8) & 0xff)
        i += octal[0].length - 1
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && text[i + 1] === '\n') i++ // a line continuation shows nothing
      } else out += escapes[next] ?? next
    } else {
      if (c === '(') depth++
      if (c === ')' && --depth === 0) break
      out += c
    }
  }
  return [Buffer.from(out, 'latin1'), i + 1]
}
