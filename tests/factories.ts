import crypto from 'node:crypto'
import { faker } from '@faker-js/faker'
import { memberships, profiles, users } from '../db/schema'
import { hashPassword } from '../app/features/accounts/auth.server'
import type { AppContext } from '../app/context.server'
import type { OfferInput } from '../app/features/careers/careers.server'
import { createGroup, joinGroup } from '../app/features/groups/groups.server'
import { recordTermsAcceptance, termsInForce } from '../app/features/moderation/terms.server'

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
  /** Whether the account has accepted the terms in force, if any (default: yes, so that no page asks first). */
  acceptedTerms?: boolean
}

/** An account straight in the database (the sign-up form has its own tests). */
export async function createAccount(ctx: AppContext, options: AccountOptions = {}) {
  const firstName = faker.person.firstName()
  const lastName = faker.person.lastName()
  const email = options.email ?? `${crypto.randomUUID().slice(0, 8)}.${faker.internet.username().toLowerCase()}@exemple.fr`
  const hash = options.password ? await hashPassword(options.password) : await (passwordHash ??= hashPassword(TEST_PASSWORD))
  const id = crypto.randomUUID()
  const now = new Date()
  ctx.db
    .insert(users)
    .values({
      id,
      email,
      passwordHash: hash,
      firstName,
      lastName,
      role: options.role ?? 'user',
      status: options.status ?? 'active',
      createdAt: now,
    })
    .run()
  if (options.membership) {
    ctx.db.insert(memberships).values({ userId: id, kind: options.membership, activatedAt: now }).run()
    ctx.db
      .insert(profiles)
      .values({ userId: id, promotion: options.promotion ?? faker.number.int({ min: 1995, max: 2026 }) })
      .run()
  }
  const terms = options.acceptedTerms === false ? null : termsInForce(ctx)
  if (terms) recordTermsAcceptance(ctx.db, { userId: id, versionId: terms.id, via: 'signup', at: now })
  return { id, email, firstName, lastName, password: options.password ?? TEST_PASSWORD }
}

/** A complete job offer as the posting form sends it; the deadline a month after `now`. */
export function jobOfferInput(now: Date, overrides: Partial<OfferInput> = {}): OfferInput {
  const day = (days: number) => new Date(now.getTime() + days * 24 * 60 * 60_000).toISOString().slice(0, 10)
  return {
    title: 'Ingénieure calcul de structures',
    company: faker.company.name(),
    contractType: 'cdi',
    sector: 'construction',
    city: 'Lyon',
    country: 'FR',
    remote: 'hybrid',
    description: 'Dimensionnement d’ouvrages d’art au sein d’une équipe de douze ingénieurs.',
    profileSought: 'Diplômée d’une école d’ingénieurs, curieuse et rigoureuse.',
    experience: 'junior',
    startDate: day(45),
    deadline: day(30),
    applicationEmail: 'recrutement@exemple.fr',
    salaryMin: 42000,
    salaryMax: 48000,
    salaryPeriod: 'year',
    ...overrides,
  }
}

/** The profile form (/mon-compte/profil) as the page sends it: a listed member in Lyon, then `overrides`. */
export function profileForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    promotion: '2012',
    diploma: "Diplôme d'ingénieur — Informatique",
    jobTitle: 'Cheffe de projet',
    company: 'Bouygues Construction',
    sector: 'BTP',
    city: 'Lyon',
    country: 'FR',
    bio: '',
    proEmail: 'pro@exemple.fr',
    proEmailVisibility: 'members',
    personalPhone: '06 12 34 56 78',
    personalPhoneVisibility: 'nobody',
    inDirectory: 'on',
    ...overrides,
  }
}

/** A public interest group with its chat thread: a webmaster who created it and one other member. */
export async function groupOfTwo(ctx: AppContext, name: string, description: string) {
  const owner = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
  const other = await createAccount(ctx, { membership: 'alumni' })
  const groupId = createGroup(ctx, { id: owner.id, isWebmaster: true }, { name, description, kind: 'interest', visibility: 'public' })
  joinGroup(ctx, other.id, groupId)
  const chat = ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }
  return { owner, other, groupId, chatId: chat.id }
}
