/**
 * Reads back the house's CSV exports (a UTF-8 BOM, `;` between cells, RFC 4180 quotes, CRLF)
 * into rows of cells, as a spreadsheet would. Throws when the BOM is missing: fetch's `text()`
 * drops it, so the bytes are read.
 */
export function parseCsv(bytes: Uint8Array): string[][] {
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('the CSV has no UTF-8 BOM')
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ';') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

/** A response's body as CSV rows. */
export async function csvRows(response: Response): Promise<string[][]> {
  return parseCsv(new Uint8Array(await response.arrayBuffer()))
}
