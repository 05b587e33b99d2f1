/**
 * Demo content for « Groupes » and « Discussions »: one group per promotion (as
 * `ensurePromotionGroup` makes them), a few regional, sector and interest groups, a proposal
 * awaiting a webmaster, forum threads, group threads and live chat.
 *
 * Built from the seeded members (who lives where, works in what, graduated when) and from
 * faker re-seeded with its own constant, so the people seeded before do not change and the
 * same conversations come out on every machine. Every time derives from the reference date.
 */
import { fakerFR as faker } from '@faker-js/faker'
import { sql } from 'drizzle-orm'
import type { Db } from './client'
import { groupMembers, groups, messages, threads } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type GroupRow = typeof groups.$inferInsert
type GroupMemberRow = typeof groupMembers.$inferInsert

/** Own seed: drawing here never shifts the people generated before. */
import { scripts } from './seed-discussion-scripts'
import { sector, type SeedMember } from './seed-people'

export type { SeedMember } from './seed-people'
const DISCUSSIONS_SEED = 2027
const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

interface PlannedGroup {
  row: GroupRow
  members: Omit<GroupMemberRow, 'groupId' | 'lastReadMessageId'>[]
}
interface PlannedThread {
  /** Index in `plan.groups`, or null for the association-wide forum. */
  group: number | null
  kind: 'thread' | 'chat'
  title: string
  authorId: string | null
  createdAt: Date
  lastMessageAt: Date
}
interface PlannedMessage {
  thread: number
  authorId: string
  body: string
  createdAt: Date
}
export interface DiscussionPlan {
  groups: PlannedGroup[]
  threads: PlannedThread[]
  /** Chronological: autoincrement ids then follow time, within each thread and overall. */
  messages: PlannedMessage[]
}

// ---------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------

const inFrance = (box: [latMin: number, latMax: number, lonMin: number, lonMax: number]) => (m: SeedMember) =>
  m.country === 'FR' && m.latitude >= box[0] && m.latitude <= box[1] && m.longitude >= box[2] && m.longitude <= box[3]

interface GroupSpec {
  name: string
  kind: 'region' | 'sector' | 'interest'
  visibility: 'public' | 'private'
  description: string
  createdDaysAgo: number
  /** Who would plausibly join… */
  eligible: (m: SeedMember) => boolean
  /** …and the share of them who did (groups stay between 20 and 150 members). */
  joinRate: number
  /** Demo accounts in the group whatever the draw; `moderator` ones moderate it. */
  demos?: { who: NonNullable<SeedMember['demo']>; moderator?: boolean }[]
  /** Private groups: members of `eligible` who asked to join and wait for a moderator. */
  pending?: number
}

const GROUPS: GroupSpec[] = [
  {
    name: 'Lyon et Rhône-Alpes',
    kind: 'region',
    visibility: 'public',
    createdDaysAgo: 620,
    description:
      'Les anciens de Lyon, Grenoble, Saint-Étienne et des Alpes : afterwork le premier jeudi du mois, visites de sites et entraide pour les nouveaux arrivants.',
    eligible: inFrance([44.1, 46.5, 3.9, 7.2]),
    joinRate: 0.7,
    demos: [{ who: 'alumni', moderator: true }, { who: 'student' }],
  },
  {
    name: 'Île-de-France',
    kind: 'region',
    visibility: 'public',
    createdDaysAgo: 700,
    description: 'Le plus grand groupe régional : dîners trimestriels, afterworks à La Défense et à Saclay, et relais des offres d’emploi franciliennes.',
    eligible: inFrance([48.1, 49.25, 1.45, 3.56]),
    joinRate: 0.15,
    demos: [{ who: 'webmaster' }],
  },
  {
    name: 'Suisse romande',
    kind: 'region',
    visibility: 'public',
    createdDaysAgo: 480,
    description: 'Genève, Lausanne et tout l’arc lémanique : démarches de frontalier, permis, logement, et la fondue annuelle de décembre.',
    eligible: (m) => m.country === 'CH' && ['Genève', 'Lausanne'].includes(m.city),
    joinRate: 0.9,
  },
  {
    name: 'Toulouse et Occitanie',
    kind: 'region',
    visibility: 'public',
    createdDaysAgo: 400,
    description:
      'Toulouse, Montpellier et tout le Sud-Ouest : rencontres régulières, visites de sites et parrainage des jeunes diplômés qui s’installent dans la région.',
    eligible: inFrance([42.3, 44.9, -0.3, 4.9]),
    joinRate: 0.65,
  },
  {
    name: 'Aéronautique et spatial',
    kind: 'sector',
    visibility: 'public',
    createdDaysAgo: 560,
    description: 'Avionneurs, motoristes, équipementiers et spatial : veille, salons (Le Bourget, Farnborough), offres d’emploi et retours d’expérience.',
    eligible: sector('Aéronautique, spatial et défense'),
    joinRate: 0.5,
    demos: [{ who: 'student' }],
  },
  {
    name: 'Data et IA',
    kind: 'sector',
    visibility: 'public',
    createdDaysAgo: 300,
    description: 'Data scientists, ingénieurs ML et curieux : partage de veille, retours d’expérience en production et conseils pour se reconvertir.',
    eligible: (m) => /data/i.test(m.jobTitle ?? '') || /données/.test(m.diploma),
    joinRate: 0.45,
  },
  {
    name: 'Énergie',
    kind: 'sector',
    visibility: 'public',
    createdDaysAgo: 350,
    description: 'Nucléaire, renouvelables, réseaux et hydrogène : les métiers de la transition énergétique, visites de sites et débats.',
    eligible: sector('Énergie'),
    joinRate: 0.55,
  },
  {
    name: 'Entrepreneuriat',
    kind: 'interest',
    visibility: 'private',
    createdDaysAgo: 250,
    description: 'Fondateurs, associés et porteurs de projet : levées de fonds, premiers recrutements, erreurs à éviter. Groupe privé pour parler librement.',
    eligible: (m) => /Fondat|Associ|général/.test(m.jobTitle ?? ''),
    joinRate: 0.3,
    pending: 3,
  },
  {
    name: 'Voile',
    kind: 'interest',
    visibility: 'public',
    createdDaysAgo: 150,
    description: 'Régates, croisières et sorties à la journée : on partage équipiers, bateaux et bons plans, de la Bretagne au Léman.',
    // The Atlantic and Channel coasts, the Mediterranean, Lake Geneva.
    eligible: (m) => (m.country === 'FR' && (m.longitude < -0.5 || (m.latitude < 43.8 && m.longitude > 3))) || ['Genève', 'Lausanne'].includes(m.city),
    joinRate: 0.12,
  },
]

/** Proposed by a member, waiting in the webmasters' moderation queue. */
const PROPOSED_GROUP = {
  name: 'Course à pied et trail',
  kind: 'interest' as const,
  visibility: 'public' as const,
  description: 'Sorties du dimanche, préparation de trails et dossards partagés : pour courir ensemble, quel que soit le niveau.',
  createdDaysAgo: 2,
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

/** A uniform instant in [from, to]; `to` when the range is empty. */
function between(from: number, to: number): Date {
  return new Date(to <= from ? to : faker.number.int({ min: from, max: to }))
}

/**
 * Moves an instant into waking hours, 7:00–23:30 in Paris, keeping the order: each day's 24
 * hours are squeezed into those 16 and a half. Summer time (UTC+2) throughout: the seeded
 * conversations all fall between May and September.
 */
function awake(t: number): number {
  const offset = 2 * HOUR
  const dayStart = Math.floor((t + offset) / DAY) * DAY
  return dayStart + 7 * HOUR + Math.round((t + offset - dayStart) * (16.5 / 24)) - offset
}

/** The earliest-activated non-demo members: the ones who set the group up. */
function founders(members: SeedMember[], n: number): SeedMember[] {
  return members
    .filter((m) => !m.demo)
    .sort((a, b) => a.activatedAt.getTime() - b.activatedAt.getTime())
    .slice(0, n)
}

function promotionGroups(members: SeedMember[]): PlannedGroup[] {
  const byPromotion = new Map<number, SeedMember[]>()
  for (const m of members) {
    const list = byPromotion.get(m.promotion)
    if (list) list.push(m)
    else byPromotion.set(m.promotion, [m])
  }
  return [...byPromotion.keys()]
    .sort((a, b) => a - b)
    .map((promotion) => {
      const inPromotion = byPromotion.get(promotion)!
      // Made when its first member's dues were paid; everyone joins on activation.
      const createdAt = new Date(Math.min(...inPromotion.map((m) => m.activatedAt.getTime())))
      const webmaster = inPromotion.filter((m) => m.demo === 'webmaster')
      const moderators = new Set([...webmaster, ...founders(inPromotion, (inPromotion.length >= 60 ? 2 : 1) - webmaster.length)].map((m) => m.id))
      return {
        row: {
          name: `Promotion ${promotion}`,
          description: `Les diplômés de la promotion ${promotion} : nouvelles, retrouvailles, entraide.`,
          kind: 'promotion',
          visibility: 'public',
          status: 'active',
          promotion,
          createdAt,
        },
        members: inPromotion.map((m) => ({
          userId: m.id,
          role: moderators.has(m.id) ? 'moderator' : 'member',
          status: 'active',
          joinedAt: m.activatedAt,
        })),
      }
    })
}

function otherGroup(spec: GroupSpec, members: SeedMember[], now: Date): PlannedGroup {
  const eligible = members.filter(spec.eligible)
  const forced = (spec.demos ?? []).map((d) => ({ ...d, member: members.find((m) => m.demo === d.who)! }))
  const forcedIds = new Set(forced.map((d) => d.member.id))
  const drawn = eligible.filter((m) => !m.demo && faker.datatype.boolean({ probability: spec.joinRate }))
  const inGroup = [...forced.map((d) => d.member), ...drawn]

  const demoModerators = forced.filter((d) => d.moderator).map((d) => d.member)
  const moderators = [...demoModerators, ...founders(drawn, (inGroup.length >= 60 ? 2 : 1) - demoModerators.length)]
  const creator = moderators[0]
  const createdAt = new Date(Math.max(now.getTime() - spec.createdDaysAgo * DAY, creator.activatedAt.getTime() + DAY))
  const joinedAt = (m: SeedMember) => (m === creator ? createdAt : between(Math.max(createdAt.getTime(), m.activatedAt.getTime()), now.getTime() - HOUR))

  const rows: PlannedGroup['members'] = inGroup.map((m) => ({
    userId: m.id,
    role: moderators.includes(m) ? 'moderator' : 'member',
    status: 'active',
    joinedAt: joinedAt(m),
  }))
  // Join requests waiting for a moderator (private groups), from the last ten days.
  const waiting = eligible.filter((m) => !m.demo && !forcedIds.has(m.id) && !drawn.includes(m)).slice(0, spec.pending ?? 0)
  for (const m of waiting) {
    const asked = between(Math.max(now.getTime() - 10 * DAY, m.activatedAt.getTime()), now.getTime() - HOUR)
    rows.push({ userId: m.id, role: 'member', status: 'pending', joinedAt: asked })
  }
  const { name, kind, visibility, description } = spec
  return { row: { name, kind, visibility, description, status: 'active', createdBy: creator.id, createdAt }, members: rows }
}

function proposedGroup(members: SeedMember[], now: Date): PlannedGroup {
  const createdAt = new Date(now.getTime() - PROPOSED_GROUP.createdDaysAgo * DAY - 5 * HOUR)
  const candidates = members.filter((m) => !m.demo && m.kind === 'alumni' && m.activatedAt < createdAt)
  const creator = candidates.find((m) => ['Grenoble', 'Annecy', 'Chambéry'].includes(m.city)) ?? candidates[0]
  const { name, kind, visibility, description } = PROPOSED_GROUP
  return {
    row: { name, kind, visibility, description, status: 'proposed', createdBy: creator.id, createdAt },
    // As createGroup does: the proposer moderates the group they asked for.
    members: [{ userId: creator.id, role: 'moderator', status: 'active', joinedAt: createdAt }],
  }
}

/**
 * Plays the scripts: authors drawn among the members who could write there at that time,
 * timestamps spread over each script's span and increasing with the post order.
 */
function playScripts(plan: DiscussionPlan, members: SeedMember[], now: Date) {
  const byId = new Map(members.map((m) => [m.id, m]))
  const groupIndex = new Map(plan.groups.map((group, i) => [group.row.name, i]))
  const chatOf = new Map(plan.threads.flatMap((t, i) => (t.kind === 'chat' ? [[t.group, i] as const] : [])))
  const planned: (PlannedMessage & { order: number })[] = []

  for (const script of scripts(members, now)) {
    const group = script.group === null ? null : groupIndex.get(script.group)
    if (group === undefined) throw new Error(`seed: no group ${script.group}`)
    const start = now.getTime() - script.startDaysAgo * DAY + faker.number.int({ min: 0, max: 10 * 60 }) * MINUTE
    // Gaps drawn then scaled to the span (so times increase with the post order), moved into waking hours.
    const gaps = script.posts.slice(1).map(() => faker.number.float({ min: 0.2, max: 1 }))
    const total = gaps.reduce((a, b) => a + b, 0)
    let elapsed = 0
    const times = [start, ...gaps.map((gap) => start + Math.round(((elapsed += gap) / total) * script.spanHours * HOUR))].map(awake)
    if (times[times.length - 1] > now.getTime()) throw new Error(`seed: « ${script.title ?? script.group} » ends after the reference date`)

    // Who may write: the group's active members (joined before), or any member for the forum.
    const since = new Map(
      group === null
        ? members.map((m) => [m.id, m.activatedAt] as const)
        : plan.groups[group].members.filter((r) => r.status === 'active').map((r) => [r.userId, r.joinedAt] as const),
    )
    const authors: SeedMember[] = []
    script.posts.forEach(([who, text], k) => {
      let author: SeedMember | undefined
      if (typeof who === 'number')
        author = authors[who] // the author of an earlier post answers
      else if (typeof who === 'string') author = members.find((m) => m.demo === who)
      else {
        const matching = [...since]
          .filter(([id, at]) => at.getTime() < times[0] && !authors.some((a) => a.id === id))
          .map(([id]) => byId.get(id)!)
          .filter((m) => !m.demo && who(m))
        author = matching.length ? faker.helpers.arrayElement(matching) : undefined
      }
      if (!author || !since.has(author.id) || since.get(author.id)!.getTime() > times[k]) {
        throw new Error(`seed: no author for post ${k} of « ${script.title ?? script.group} »`)
      }
      authors.push(author)
      const thread = script.title === null ? chatOf.get(group)! : plan.threads.length
      const body = typeof text === 'string' ? text : text(author)
      planned.push({ thread, authorId: author.id, body, createdAt: new Date(times[k]), order: planned.length })
    })

    const first = new Date(times[0])
    const last = new Date(times[times.length - 1])
    if (script.title === null) plan.threads[chatOf.get(group)!].lastMessageAt = last
    else plan.threads.push({ group, kind: 'thread', title: script.title, authorId: authors[0].id, createdAt: first, lastMessageAt: last })
  }

  planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.order - b.order)
  plan.messages = planned.map(({ order: _, ...message }) => message)
}

/** Everything « Groupes » and « Discussions » show, in memory. Re-seeds faker with its own constant. */
export function generateDiscussions(members: SeedMember[], now: Date): DiscussionPlan {
  faker.seed(DISCUSSIONS_SEED)
  const plan: DiscussionPlan = {
    groups: [...promotionGroups(members), ...GROUPS.map((spec) => otherGroup(spec, members, now)), proposedGroup(members, now)],
    threads: [],
    messages: [],
  }
  // One live chat per group, proposals included (createGroup makes it at once).
  plan.groups.forEach(({ row: { createdAt } }, i) =>
    plan.threads.push({ group: i, kind: 'chat', title: 'Discussion en direct', authorId: null, createdAt, lastMessageAt: createdAt }),
  )
  playScripts(plan, members, now)
  return plan
}

// ---------------------------------------------------------------------------
// Insertion
// ---------------------------------------------------------------------------

/**
 * Writes the plan inside the seed's transaction. Each table gets one prepared statement run
 * row by row: drizzle then builds its SQL once, which costs far less than building chunks of
 * thousands of parameters, and rows come back with their ids in insertion order.
 */
export function insertDiscussions(tx: Tx, plan: DiscussionPlan) {
  const p = sql.placeholder
  const insertGroup = tx
    .insert(groups)
    .values({
      name: p('name'),
      description: p('description'),
      kind: p('kind'),
      visibility: p('visibility'),
      status: p('status'),
      promotion: p('promotion'),
      createdBy: p('createdBy'),
      createdAt: p('createdAt'),
    })
    .returning({ id: groups.id })
    .prepare()
  const insertThread = tx
    .insert(threads)
    .values({
      groupId: p('groupId'),
      kind: p('kind'),
      title: p('title'),
      authorId: p('authorId'),
      createdAt: p('createdAt'),
      lastMessageAt: p('lastMessageAt'),
    })
    .returning({ id: threads.id })
    .prepare()
  const insertMessage = tx
    .insert(messages)
    .values({ threadId: p('threadId'), groupId: p('groupId'), authorId: p('authorId'), body: p('body'), createdAt: p('createdAt') })
    .returning({ id: messages.id })
    .prepare()
  const insertMember = tx
    .insert(groupMembers)
    .values({
      groupId: p('groupId'),
      userId: p('userId'),
      role: p('role'),
      status: p('status'),
      joinedAt: p('joinedAt'),
      lastReadMessageId: p('lastReadMessageId'),
    })
    .prepare()

  const groupIds = plan.groups.map(({ row }) => insertGroup.get({ promotion: null, createdBy: null, ...row })!.id)
  const threadGroup = plan.threads.map((t) => (t.group === null ? null : groupIds[t.group]))
  const threadIds = plan.threads.map(({ group: _, ...thread }, i) => insertThread.get({ ...thread, groupId: threadGroup[i] })!.id)

  // Authors have read their group up to their own last message; everyone else sees it all as unread.
  const lastRead = new Map<string, number>()
  for (const { thread, ...message } of plan.messages) {
    const groupId = threadGroup[thread]
    const { id } = insertMessage.get({ ...message, threadId: threadIds[thread], groupId })!
    if (groupId !== null) lastRead.set(`${groupId}|${message.authorId}`, id)
  }

  plan.groups.forEach((group, i) => {
    for (const member of group.members) {
      insertMember.run({ ...member, groupId: groupIds[i], lastReadMessageId: lastRead.get(`${groupIds[i]}|${member.userId}`) ?? 0 })
    }
  })
}
