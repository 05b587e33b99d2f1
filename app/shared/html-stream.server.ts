import { Writable } from 'node:stream'

/**
 * A page rendered whole, then handed over as one Buffer (sent in one write): no page streams
 * deferred data, and the chain of streams that carried each 2 KB chunk to the socket cost more
 * than the bytes (a tenth of a page's CPU in writes, encodings and stream hops).
 */
export function pageCollector(done: (html: Buffer) => void): Writable {
  const chunks: Buffer[] = []
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
    final(callback) {
      done(withoutNulBytes(Buffer.concat(chunks)))
      callback()
    },
  })
}

/**
 * React 18.3's streaming renderer can flush its 2,048-byte buffer whole when a multibyte
 * character (« é », « ’ ») did not fit at its end, leaving NUL bytes in the page
 * (facebook/react#26228, fixed in React 19 only): a French word then reads « dipl\0ômés » to
 * anything that does not ignore NUL — search engines, mail clients, our own tests. NUL is never
 * part of a UTF-8 character (0x00 is only U+0000, which HTML parsers replace anyway), so dropping
 * every NUL byte restores the page exactly.
 */
export function withoutNulBytes(html: Buffer): Buffer {
  let nul = html.indexOf(0)
  if (nul === -1) return html
  // A few NULs at the ends of React's chunks: the runs between them are copied whole.
  const kept = Buffer.allocUnsafe(html.length)
  let length = 0
  let from = 0
  while (nul !== -1) {
    length += html.copy(kept, length, from, nul)
    from = nul + 1
    nul = html.indexOf(0, from)
  }
  length += html.copy(kept, length, from)
  return kept.subarray(0, length)
}
