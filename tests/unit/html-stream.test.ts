import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { pageCollector, withoutNulBytes } from '~/shared/html-stream.server'

describe('the page without React 18’s stray NUL bytes', () => {
  it('drops the NULs a flushed buffer left before a multibyte character, and nothing else', async () => {
    const word = Buffer.from('des diplômés — l’Amicale', 'utf8')
    const at = word.indexOf(Buffer.from('ô'))
    // React's bug: a chunk padded with zeros where « ô » did not fit, « ô » starting the next one.
    const chunks = [Buffer.concat([word.subarray(0, at), Buffer.alloc(1)]), word.subarray(at, at + 5), Buffer.alloc(0), word.subarray(at + 5)]
    let page: Buffer | undefined
    await pipeline(
      Readable.from(chunks),
      pageCollector((html) => (page = html)),
    )
    expect(page?.toString('utf8')).toBe('des diplômés — l’Amicale')
  })

  it('hands a clean page over untouched', () => {
    const clean = Buffer.from('<p>Élections du bureau</p>')
    expect(withoutNulBytes(clean)).toBe(clean)
  })

  it('drops NULs at the start, in runs and at the end', () => {
    const page = Buffer.from('\0<p>a\0\0b</p>\0', 'latin1')
    expect(withoutNulBytes(page).toString('latin1')).toBe('<p>ab</p>')
    expect(withoutNulBytes(Buffer.from('\0\0', 'latin1'))).toHaveLength(0)
  })
})
