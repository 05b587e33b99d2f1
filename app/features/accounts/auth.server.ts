import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle'
import { Lucia, TimeSpan } from 'lucia'
import type { Db } from '../../../db/client'
import { sessions, users } from '../../../db/schema'

export const SESSION_COOKIE = 'amicale_session'

/** lucia sits behind this module only, so that it can be swapped without touching routes. */
export function createAuth(db: Db) {
  return new Lucia(new DrizzleSQLiteAdapter(db, sessions, users), {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      // `Secure` is added per request when it arrives over https (see sessionCookieHeader).
      attributes: { sameSite: 'lax', secure: false },
    },
    getUserAttributes: (row) => ({
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      role: row.role,
      status: row.status,
    }),
  })
}
export type Auth = ReturnType<typeof createAuth>

declare module 'lucia' {
  interface Register {
    Lucia: Auth
    DatabaseUserAttributes: {
      email: string
      role: 'user' | 'webmaster'
      status: 'active' | 'deactivated' | 'erased'
      firstName: string
      lastName: string
    }
  }
}

export function sessionCookieHeader(cookie: { serialize(): string }, secure: boolean): string {
  return secure ? `${cookie.serialize()}; Secure` : cookie.serialize()
}

// argon2id (the library's default algorithm) with OWASP's recommended memory cost.
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the address is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'))
  return decoyHash
}

/** Random URL-safe token and the SHA-256 that the database keeps instead. */
export function createToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}
