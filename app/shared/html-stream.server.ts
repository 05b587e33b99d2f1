import { Transform } from 'node:stream'

/**
 * React 18.3's streaming renderer can flush its 2,048-byte buffer whole when a multibyte
 * character (« é », « ’ ») did not fit at its end, leaving NUL bytes in the page
 * (facebook/react#26228, fixed in React 19 only): a French word then reads « dipl\0ômés » to
 * anything that does not ignore NUL — search engines, mail clients, our own tests. NUL is never
 * part of a UTF-8 character (0x00 is only U+0000, which HTML parsers replace anyway), so dropping
 * every NUL byte restores the page exactly.
 */
export function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk)
      const kept = Buffer.allocUnsafe(chunk.length)
      let length = 0
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte
      callback(null, kept.subarray(0, length))
    },
  })
}
