import crypto from 'node:crypto'
import { faker } from '@faker-js/faker'
import { memberships, profiles, users } from '../db/schema'
import { hashPassword } from '../app/services/auth.server'
import type { AppContext } from '../app/services/context.server'

faker.seed(42)
export const TEST_PASSWORD = 'correct-horse-battery-42'

let passwordHash: Promise<string> | undefined

interface AccountOptions {
  email?: string
  password?: string
  role?: 'user' | 'webmaster'
  membership?: 'alumni' | 'student' | null
  status?: 'active' | 'deactivated'
  promotion?: number
}

/** An account straight in the database (the sign-up form has its own tests). */
export async function createAccount(ctx: AppContext, options: AccountOptions = {}) {
  const firstName = faker.person.firstName()
  const lastName = faker.person.lastName()
  const email = options.email ?? `${crypto.randomUUID().slice(0, 8)}.${faker.internet.username().toLowerCase()}@exemple.fr`
  const hash = options.password
    ? await hashPassword(options.password)
    : await (passwordHash ??= hashPassword(TEST_PASSWORD))
  const id = crypto.randomUUID()
  const now = new Date()
  ctx.db.insert(users).values({
    id,
    email,
    passwordHash: hash,
    firstName,
    lastName,
    role: options.role ?? 'user',
    status: options.status ?? 'active',
    createdAt: now,
  }).run()
  if (options.membership) {
    ctx.db.insert(memberships).values({ userId: id, kind: options.membership, activatedAt: now }).run()
    ctx.db.insert(profiles).values({ userId: id, promotion: options.promotion ?? faker.number.int({ min: 1995, max: 2026 }) }).run()
  }
  return { id, email, firstName, lastName, password: options.password ?? TEST_PASSWORD }
}
