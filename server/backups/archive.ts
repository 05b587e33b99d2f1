import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import zlib from 'node:zlib'
import { Decrypter, Encrypter } from 'age-encryption'

// The wrapping around the tar stream: gzip always, then age (`.tar.gz.age`) when the archive is
// encrypted for a recipient. Writing goes to a temporary name, synced, then renamed: an archive
// under its final name is always whole.

const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n')
const AGE_ARMOR = Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----')
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b])

/** A backup that cannot be taken or restored, with the one line (French — English) that says why. */
export class BackupError extends Error {
  override name = 'BackupError'
  constructor(
    message: string,
    /** The archive entry at fault (`amicale.db`, `private/cvs/…`), when there is one. */
    readonly file?: string,
  ) {
    super(message)
  }
}

/** The age identities (`AGE-SECRET-KEY-1…`) in a key file as `age-keygen` writes it, or the key itself. */
export function parseIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-'))
}

/** Opens `file` for writing through gzip (and age); `finish` renames it into place, `abort` removes it. */
export async function openArchiveOutput(file: string, options: { recipient?: string } = {}) {
  await fsp.mkdir(path.dirname(path.resolve(file)), { recursive: true })
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${crypto.randomBytes(4).toString('hex')}.tmp`)
  const gzip = zlib.createGzip({ level: 6 })
  const output = fs.createWriteStream(temporary, { flags: 'wx', mode: 0o600 })
  let done: Promise<void>
  if (options.recipient) {
    const encrypter = new Encrypter()
    encrypter.addRecipient(options.recipient)
    const encrypted = await encrypter.encrypt(Readable.toWeb(gzip) as unknown as ReadableStream<Uint8Array>)
    done = pipeline(Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>), output)
  } else {
    done = pipeline(gzip, output)
  }
  // Seen by `finish`; without this an early failure would be an unhandled rejection.
  done.catch(() => undefined)
  return {
    /** Where the tar bytes go. */
    stream: gzip as Writable,
    async finish(): Promise<number> {
      gzip.end()
      await done
      const handle = await fsp.open(temporary, 'r+')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fsp.rename(temporary, file)
      await syncDirectory(path.dirname(path.resolve(file)))
      return (await fsp.stat(file)).size
    },
    async abort() {
      gzip.destroy()
      await done.catch(() => undefined)
      await fsp.rm(temporary, { force: true })
    },
  }
}

/** After a rename, the folder's entry must reach the disk too (best effort: not every system allows it). */
export async function syncDirectory(dir: string) {
  try {
    const handle = await fsp.open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  }
}

export type ArchiveKind = 'gzip' | 'age' | 'age-armored' | 'unknown'

export async function archiveKind(file: string): Promise<ArchiveKind> {
  const handle = await fsp.open(file, 'r')
  try {
    const head = Buffer.alloc(64)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const start = head.subarray(0, bytesRead)
    if (start.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) return 'gzip'
    if (start.subarray(0, AGE_MAGIC.length).equals(AGE_MAGIC)) return 'age'
    if (start.subarray(0, AGE_ARMOR.length).equals(AGE_ARMOR)) return 'age-armored'
    return 'unknown'
  } finally {
    await handle.close()
  }
}

/**
 * The archive's tar bytes, decrypted and decompressed as they are read. Errors from gzip or age
 * come out of the iteration; the caller names the entry it was reading.
 */
export async function openArchiveInput(file: string, options: { identities?: string[] } = {}): Promise<AsyncIterable<Buffer>> {
  const kind = await archiveKind(file).catch((error: NodeJS.ErrnoException) => {
    throw new BackupError(`archive illisible (${error.code ?? error.message}) : ${file} — cannot read the archive ${file}`)
  })
  if (kind === 'unknown') {
    throw new BackupError(`${file} n’est pas une archive Amicale (.tar.gz ou .tar.gz.age) — ${file} is not an Amicale archive (.tar.gz or .tar.gz.age)`)
  }
  if (kind === 'age-armored') {
    throw new BackupError(
      `${file} est une archive age en texte (armor) : déchiffrez-la d’abord avec « age -d » — ${file} is ASCII-armored age: decrypt it with « age -d » first`,
    )
  }
  const gunzip = zlib.createGunzip()
  if (kind === 'gzip') {
    void pipeline(fs.createReadStream(file), gunzip).catch(() => undefined)
    return gunzip
  }
  const identities = options.identities ?? []
  if (identities.length === 0) {
    throw new BackupError(
      'archive chiffrée (age) : donnez la clé privée avec --identity FICHIER ou BACKUP_AGE_IDENTITY — encrypted archive (age): give the private key with --identity FILE or BACKUP_AGE_IDENTITY',
    )
  }
  const decrypter = new Decrypter()
  for (const identity of identities) decrypter.addIdentity(identity)
  let plain: ReadableStream<Uint8Array>
  try {
    plain = await decrypter.decrypt(Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream<Uint8Array>)
  } catch (error) {
    const reason = (error as Error).message
    throw new BackupError(`impossible de déchiffrer l’archive avec la clé donnée (${reason}) — cannot decrypt the archive with the given key (${reason})`)
  }
  const decrypted = Readable.fromWeb(plain as unknown as WebReadableStream<Uint8Array>)
  const out = new PassThrough({ highWaterMark: 1 << 16 })
  // Failures of either step reach the reader through `out`.
  pipeline(decrypted, gunzip, out).catch((error: unknown) => out.destroy(error as Error))
  return out
}
