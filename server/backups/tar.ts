import { once } from 'node:events'
import type { Writable } from 'node:stream'

// A small ustar (POSIX.1-1988) writer and reader, so that an archive opens with `tar -xzf`, 7-Zip
// or any desktop archive tool, without a tar package. Only what backups need: regular files,
// directories skipped, long paths through a pax `path` record.

const BLOCK = 512
const ZERO_BLOCK = Buffer.alloc(BLOCK)
/** 11 octal digits: the largest size or time a plain ustar field holds (8 GiB − 1). */
const OCTAL_MAX = 0o77777777777

export interface TarFileInfo {
  path: string
  size: number
  mtime: Date
  mode?: number
}

export interface TarEntry {
  path: string
  size: number
  type: 'file' | 'directory' | 'other'
  /** The bytes of the entry; read them (or not) before asking for the next entry. */
  body: AsyncIterable<Buffer>
}

export class TarError extends Error {
  override name = 'TarError'
}

async function write(out: Writable, chunk: Buffer) {
  if (!out.write(chunk)) await once(out, 'drain')
}

function writeString(header: Buffer, value: string, offset: number, length: number) {
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length > length) throw new TarError(`tar field too long: ${value}`)
  bytes.copy(header, offset)
}

/** Octal, zero-padded, NUL-terminated; beyond 11 digits GNU's base-256 (every reader we know accepts it). */
function writeNumber(header: Buffer, value: number, offset: number, length: number) {
  if (value <= OCTAL_MAX || length < 12) {
    writeString(header, value.toString(8).padStart(length - 1, '0'), offset, length - 1)
    return
  }
  header[offset] = 0x80
  let rest = BigInt(value)
  for (let i = offset + length - 1; i > offset; i--) {
    header[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
}

function readNumber(header: Buffer, offset: number, length: number): number {
  if (header[offset] & 0x80) {
    let value = 0n
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(header[i])
    return Number(value)
  }
  const text = header
    .subarray(offset, offset + length)
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .trim()
  return text === '' ? 0 : parseInt(text, 8)
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

/** ustar keeps a path in `prefix` (155 bytes) + `/` + `name` (100 bytes); undefined when it does not fit. */
function splitPath(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path }
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i)
    const name = path.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name) return { prefix, name }
  }
  return undefined
}

function header(info: { name: string; prefix: string; size: number; mtime: Date; mode: number; type: string }): Buffer {
  const block = Buffer.alloc(BLOCK)
  writeString(block, info.name, 0, 100)
  writeNumber(block, info.mode, 100, 8)
  writeNumber(block, 0, 108, 8)
  writeNumber(block, 0, 116, 8)
  writeNumber(block, info.size, 124, 12)
  writeNumber(block, Math.max(0, Math.floor(info.mtime.getTime() / 1000)), 136, 12)
  block.fill(0x20, 148, 156)
  block.write(info.type, 156, 'latin1')
  block.write('ustar\u000000', 257, 'latin1')
  writeString(block, 'amicale', 265, 32)
  writeString(block, 'amicale', 297, 32)
  writeString(block, info.prefix, 345, 155)
  let sum = 0
  for (const byte of block) sum += byte
  writeString(block, sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
  return block
}

/** A pax record is « <length> <key>=<value>\n », the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = Buffer.byteLength(body) + 1
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body)
  return `${length}${body}`
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK

/** Writes a tar stream into `out` (e.g. a gzip stream); each file's bytes must add up to its size. */
export function createTarWriter(out: Writable) {
  return {
    async addFile(info: TarFileInfo, body: Buffer | AsyncIterable<Buffer>) {
      let split = splitPath(info.path)
      if (!split) {
        const records = Buffer.from(paxRecord('path', info.path))
        await write(out, header({ name: 'PaxHeader', prefix: '', size: records.length, mtime: info.mtime, mode: 0o644, type: 'x' }))
        await write(out, Buffer.concat([records, Buffer.alloc(padding(records.length))]))
        split = { prefix: '', name: info.path.slice(-100).replace(/^[^/]*\//, '') || 'long-name' }
      }
      await write(out, header({ ...split, size: info.size, mtime: info.mtime, mode: info.mode ?? 0o600, type: '0' }))
      let written = 0
      for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
        written += chunk.length
        if (written > info.size) throw new TarError(`${info.path} grew while it was archived`)
        await write(out, chunk)
      }
      if (written !== info.size) throw new TarError(`${info.path} shrank while it was archived`)
      await write(out, Buffer.alloc(padding(info.size)))
    },
    /** Two zero blocks mark the end of the archive. */
    async finish() {
      await write(out, Buffer.concat([ZERO_BLOCK, ZERO_BLOCK]))
    },
  }
}

/** Hands out exactly the bytes asked for from a stream of chunks of any size. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0)
  private ended = false
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(): Promise<boolean> {
    if (this.ended) return false
    const next = await this.source.next()
    if (next.done) {
      this.ended = true
      return false
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength)
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    return true
  }

  /** Lets the source go (closes the file and the decompressor behind it). */
  async close() {
    await this.source.return?.()
  }

  /** `n` bytes, or null when the stream ends first. */
  async take(n: number): Promise<Buffer | null> {
    while (this.pending.length < n) if (!(await this.fill())) return null
    const out = this.pending.subarray(0, n)
    this.pending = this.pending.subarray(n)
    return out
  }

  /**
   * The next `n` bytes as pieces. Not a generator: a consumer that stops early (`break`) must not
   * close it, since `readTar` then skips what is left.
   */
  pieces(n: number): AsyncIterable<Buffer> {
    let remaining = n
    const next = async (): Promise<IteratorResult<Buffer>> => {
      if (remaining === 0) return { done: true, value: undefined }
      if (!this.pending.length && !(await this.fill())) throw new TarError('the archive ends in the middle of a file')
      const piece = this.pending.subarray(0, Math.min(remaining, this.pending.length))
      this.pending = this.pending.subarray(piece.length)
      remaining -= piece.length
      return { done: false, value: piece }
    }
    const iterator: AsyncIterator<Buffer> = { next, return: async () => ({ done: true, value: undefined }) }
    return { [Symbol.asyncIterator]: () => iterator }
  }
}

function checksumOk(block: Buffer): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]
  return readNumber(block, 148, 8) === sum
}

function parsePax(records: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const line of records.split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/s.exec(line)
    if (match) values[match[1]] = match[2]
  }
  return values
}

/** The entries of a tar stream, in order. A damaged header or a cut archive throws a TarError. */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]())
  try {
    yield* entries(reader)
  } finally {
    await reader.close()
  }
}

async function* entries(reader: ByteReader): AsyncGenerator<TarEntry> {
  let pax: Record<string, string> = {}
  let longName: string | undefined
  for (;;) {
    const block = await reader.take(BLOCK)
    if (!block) throw new TarError('the archive ends without its end marker')
    if (block.equals(ZERO_BLOCK)) return
    if (!checksumOk(block)) throw new TarError('a file header of the archive is damaged')
    const size = readNumber(block, 124, 12)
    const flag = String.fromCharCode(block[156] || 0x30)
    if (flag === 'x' || flag === 'g' || flag === 'L') {
      const chunks: Buffer[] = []
      for await (const piece of reader.pieces(size)) chunks.push(Buffer.from(piece))
      await reader.take(padding(size))
      const text = Buffer.concat(chunks).toString('utf8')
      if (flag === 'x') pax = parsePax(text)
      if (flag === 'L') longName = text.replace(/\0+$/, '')
      continue
    }
    const prefix = readString(block, 345, 155)
    const name = readString(block, 0, 100)
    const path = pax.path ?? longName ?? (prefix ? `${prefix}/${name}` : name)
    const entrySize = pax.size !== undefined ? Number(pax.size) : size
    pax = {}
    longName = undefined
    const body = reader.pieces(entrySize)
    yield { path, size: entrySize, type: flag === '0' || flag === '7' ? 'file' : flag === '5' ? 'directory' : 'other', body }
    // Whatever the reader left of the entry is skipped, then its padding.
    for await (const _piece of body);
    if ((await reader.take(padding(entrySize))) === null) throw new TarError('the archive ends in the middle of a file')
  }
}
