import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { withoutNulBytes } from '~/shared/html-stream.server'

describe('the page stream without React 18’s stray NUL bytes', () => {
  it('drops the NULs a flushed buffer left before a multibyte character, and nothing else', async () => {
    const word = Buffer.from('des diplômés — l’Amicale', 'utf8')
    const at = word.indexOf(Buffer.from('ô'))
    // React's bug: a chunk padded with zeros where « ô » did not fit, « ô » starting the next one.
    const chunks = [Buffer.concat([word.subarray(0, at), Buffer.alloc(1)]), word.subarray(at, at + 5), Buffer.alloc(0), word.subarray(at + 5)]
    const out = await text(Readable.from(chunks).pipe(withoutNulBytes()))
    expect(out).toBe('des diplômés — l’Amicale')
  })

  it('passes a clean chunk through untouched', async () => {
    const clean = Buffer.from('<p>Élections du bureau</p>')
    const out: Buffer[] = []
    const stream = Readable.from([clean]).pipe(withoutNulBytes())
    for await (const chunk of stream) out.push(chunk as Buffer)
    expect(out).toHaveLength(1)
    expect(out[0]).toBe(clean)
  })
})
