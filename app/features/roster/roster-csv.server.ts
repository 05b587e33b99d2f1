// Reading the school's list of graduates as offices export it (issue #17): Excel's « CSV (séparateur
// point-virgule) » in Windows-1252, LibreOffice's UTF-8 with commas, with or without a BOM, a
// header in French or English. Pure: bytes in, rows out; the import decides what they mean.
import { normaliseName } from '~/features/roster/names'
import { MAX_ROSTER_BYTES, MAX_ROSTER_ROWS, REQUIRED_COLUMNS, type RosterColumn, type RosterFileFacts } from '~/features/roster/schema'

export type Separator = RosterFileFacts['separator']

/** A row of the file, its cells by column (absent columns and empty cells are ''). */
export interface RawRosterRow {
  line: number
  cells: Record<RosterColumn, string>
}

export interface RosterFile extends RosterFileFacts {
  rows: RawRosterRow[]
}

export type RosterFileError =
  | { error: 'empty' }
  | { error: 'tooLarge' }
  /** Not text: a PDF, an image, an Excel workbook (`kind` says which, when known). */
  | { error: 'notCsv'; kind: 'pdf' | 'image' | 'spreadsheet' | 'binary' }
  | { error: 'tooManyRows'; max: number }
  | { error: 'unclosedQuote'; line: number }
  | { error: 'missingColumns'; missing: RosterColumn[]; found: string[] }

/* ---------- Bytes to text ---------- */

// Node's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1's control characters, not as
// Windows-1252's « € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ » (the apostrophe
// ’ of « D’Almeida » and the œ of « Œuvray » live there): those bytes are mapped here. The five
// bytes Windows-1252 leaves undefined stay the control character, as the WHATWG decoder does.
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!)
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** What a file that is not text is, from its first bytes: what the message tells the webmaster to do. */
function binaryKind(bytes: Uint8Array): 'pdf' | 'image' | 'spreadsheet' | 'binary' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'
  // .xlsx and .ods are ZIP files; .xls is an OLE compound file.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'spreadsheet'
  if (startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image'
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46])) return 'image'
  return null
}

/** Control characters other than tab, line feed and carriage return. */
function controlCharacters(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) count++
  }
  return count
}

/**
 * The file's text: UTF-16 when it starts with its BOM (Excel's « texte Unicode »), UTF-8 when it
 * starts with its BOM or is valid UTF-8 throughout, Windows-1252 otherwise (every byte sequence
 * is valid Windows-1252, and a Windows-1252 file with accents is almost never valid UTF-8).
 */
export function decodeRosterBytes(
  bytes: Uint8Array,
): { text: string; encoding: RosterFileFacts['encoding']; bom: boolean } | { error: 'notCsv'; kind: 'pdf' | 'image' | 'spreadsheet' | 'binary' } {
  const kind = binaryKind(bytes)
  if (kind) return { error: 'notCsv', kind }
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf])
  const body = bom ? bytes.subarray(3) : bytes
  // A NUL byte is never in a text file (UTF-16 without its BOM is not supported: its every other byte is NUL).
  if (body.includes(0)) return { error: 'notCsv', kind: 'binary' }
  let text: string
  let encoding: RosterFileFacts['encoding'] = 'utf-8'
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    if (bom) return { error: 'notCsv', kind: 'binary' }
    text = decodeWindows1252(body)
    encoding = 'windows-1252'
  }
  // Text has few control characters besides tabs and line ends: many of them, and it is a binary file.
  if (controlCharacters(text.slice(0, 64 * 1024)) > 8) return { error: 'notCsv', kind: 'binary' }
  return { text, encoding, bom }
}

/* ---------- Text to records (RFC 4180) ---------- */

/** The header line's separator: the one of `;`, `,` and tab that appears most often outside quotes (`;` on a tie: French Excel). */
export function detectSeparator(text: string): Separator {
  const counts = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && (c === ';' || c === ',' || c === '\t')) counts[c]++
  }
  const best = (Object.keys(counts) as Separator[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ';')
  return best
}

/**
 * The records of a CSV text: fields separated by `separator`, quoted with `"` (a doubled `""` is a
 * quote; separators and line breaks may stand inside quotes), records ended by CRLF, LF or CR.
 * `line` is the record's number (the first is 1), as a spreadsheet numbers its rows.
 */
export function* parseCsv(text: string, separator: Separator): Generator<{ line: number; fields: string[] }, void, undefined> {
  let line = 0
  let i = 0
  const n = text.length
  while (i < n) {
    line++
    const fields: string[] = []
    for (;;) {
      let value = ''
      if (text[i] === '"') {
        i++
        for (;;) {
          const quote = text.indexOf('"', i)
          if (quote < 0) throw new UnclosedQuote(line)
          value += text.slice(i, quote)
          i = quote + 1
          if (text[i] === '"') {
            value += '"'
            i++
          } else break
        }
        // Anything between the closing quote and the separator is kept, as spreadsheets do.
        while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') value += text[i++]
      } else {
        let end = i
        while (end < n && text[end] !== separator && text[end] !== '\n' && text[end] !== '\r') end++
        value = text.slice(i, end)
        i = end
      }
      fields.push(value)
      if (i < n && text[i] === separator) {
        i++
        continue
      }
      if (text[i] === '\r') i++
      if (text[i] === '\n') i++
      break
    }
    yield { line, fields }
  }
}

export class UnclosedQuote extends Error {
  override name = 'UnclosedQuote'
  constructor(readonly line: number) {
    super(`unclosed quote in record ${line}`)
  }
}

/* ---------- The header ---------- */

/** The names a column goes by in French and English offices' exports, compared without accents, case, spaces or punctuation. */
const HEADER_SYNONYMS: Record<RosterColumn, string[]> = {
  lastName: ['nom', 'nom de famille', 'nom d usage', 'last name', 'lastname', 'surname', 'family name'],
  firstName: ['prénom', 'prénoms', 'first name', 'firstname', 'given name', 'forename'],
  birthName: ['nom de naissance', 'nom de jeune fille', 'birth name', 'maiden name'],
  promotion: [
    'promotion',
    'promo',
    'année',
    'année de promotion',
    'année de diplôme',
    'année d obtention',
    'class',
    'class of',
    'year',
    'graduation year',
    'graduation',
  ],
  diplomas: ['diplôme', 'diplômes', 'diploma', 'diplomas', 'degree', 'degrees', 'formation'],
  email: ['e-mail', 'email', 'courriel', 'mail', 'adresse e-mail', 'adresse mail', 'adresse électronique', 'email address', 'e-mail address'],
  schoolId: ['identifiant', 'id école', 'identifiant école', 'school id', 'student id', 'student number', 'matricule', 'numéro étudiant', 'n étudiant', 'id'],
}

const headerKey = (cell: string) => normaliseName(cell).replace(/ /g, '')
const HEADER_LOOKUP = new Map<string, RosterColumn>(
  (Object.entries(HEADER_SYNONYMS) as [RosterColumn, string[]][]).flatMap(([column, names]) => names.map((name) => [headerKey(name), column] as const)),
)

/** Which column of the file holds what; the first of two columns naming the same thing wins. */
export function mapHeader(cells: string[]): { columns: Partial<Record<RosterColumn, number>>; ignored: string[] } {
  const columns: Partial<Record<RosterColumn, number>> = {}
  const ignored: string[] = []
  cells.forEach((cell, index) => {
    const column = HEADER_LOOKUP.get(headerKey(cell))
    if (column !== undefined && columns[column] === undefined) columns[column] = index
    else if (cell.trim()) ignored.push(cell.trim())
  })
  return { columns, ignored }
}

/* ---------- Diplomas in one cell ---------- */

/**
 * Several diplomas in one cell: separated by `|`, or ` / `, or by `;` when the file's separator is
 * not `;`. Never by a comma, which diploma names contain (« Master, parcours… »).
 */
export function splitDiplomas(cell: string, separator: Separator): string[] {
  const pattern = separator === ';' ? /\s*\|\s*|\s+\/\s+/ : /\s*[|;]\s*|\s+\/\s+/
  const seen = new Set<string>()
  for (const part of cell.split(pattern)) {
    const diploma = part.trim().replace(/\s+/g, ' ')
    if (diploma) seen.add(diploma)
  }
  return [...seen]
}

/* ---------- The whole file ---------- */

const EMPTY_CELLS: Record<RosterColumn, string> = { lastName: '', firstName: '', birthName: '', promotion: '', diplomas: '', email: '', schoolId: '' }

/** A file's bytes as rows of the list, or why they are not a list the import can read. */
export function readRosterFile(bytes: Uint8Array): { ok: true; file: RosterFile } | ({ ok: false } & RosterFileError) {
  if (bytes.byteLength > MAX_ROSTER_BYTES) return { ok: false, error: 'tooLarge' }
  const decoded = decodeRosterBytes(bytes)
  if ('error' in decoded) return { ok: false, ...decoded }
  let text = decoded.text
  // Excel's hint line « sep=; » names the separator and is no header.
  const hint = /^sep=(.)\r?\n/i.exec(text)
  if (hint && [';', ',', '\t'].includes(hint[1]!)) text = text.slice(hint[0].length)
  const separator = hint && [';', ',', '\t'].includes(hint[1]!) ? (hint[1] as Separator) : detectSeparator(text)

  const rows: RawRosterRow[] = []
  let header: { columns: Partial<Record<RosterColumn, number>>; ignored: string[] } | undefined
  try {
    for (const { line, fields } of parseCsv(text, separator)) {
      if (fields.every((f) => f.trim() === '')) continue
      if (!header) {
        header = mapHeader(fields)
        const missing = REQUIRED_COLUMNS.filter((c) => header!.columns[c] === undefined)
        if (missing.length > 0)
          return {
            ok: false,
            error: 'missingColumns',
            missing,
            found: fields
              .map((f) => f.trim())
              .filter(Boolean)
              .slice(0, 12),
          }
        continue
      }
      if (rows.length >= MAX_ROSTER_ROWS) return { ok: false, error: 'tooManyRows', max: MAX_ROSTER_ROWS }
      const cells = { ...EMPTY_CELLS }
      for (const [column, index] of Object.entries(header.columns) as [RosterColumn, number][]) cells[column] = (fields[index] ?? '').trim()
      rows.push({ line: line + (hint ? 1 : 0), cells })
    }
  } catch (error) {
    if (error instanceof UnclosedQuote) return { ok: false, error: 'unclosedQuote', line: error.line + (hint ? 1 : 0) }
    throw error
  }
  if (!header) return { ok: false, error: 'empty' }
  return {
    ok: true,
    file: {
      encoding: decoded.encoding,
      bom: decoded.bom,
      separator,
      ignoredColumns: header.ignored,
      columns: (Object.keys(header.columns) as RosterColumn[]).sort((a, b) => header!.columns[a]! - header!.columns[b]!),
      rows,
    },
  }
}
