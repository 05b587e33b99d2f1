/**
 * Demo content for « Événements »: upcoming events (free, ticketed, online, full with a
 * waitlist, a group's, a cancelled one) and past ones with their check-ins, registrations from
 * the seeded members, and the feed each change writes.
 *
 * Unlike the rest of the seed, events are dated from the day the seed runs (UTC midnight): an
 * agenda whose events all lie in the past would show nothing. Drawn with faker re-seeded with
 * its own constant, so the same events come out on every machine on a given day.
 */
import { fakerFR as faker } from '@faker-js/faker'
import { and, eq } from 'drizzle-orm'
import type { Db } from './client'
import { eventActivity, eventRegistrations, eventTicketTypes, events, groupMembers, groups } from './schema'
import type { SeedMember } from './seed-discussions'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
const EVENTS_SEED = 2028
const HOUR = 3600_000
const DAY = 24 * HOUR
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

interface PlannedTicket {
  name: string
  priceCents: number
  quota: number | null
  eligibility: 'anyone' | 'members' | 'students' | 'guests'
}
interface PlannedRegistration {
  userId: string
  status: 'confirmed' | 'waitlisted'
  guests: number
  ticket: number | null
  guestTicket: number | null
  amountCents: number
  checkedIn: boolean
  at: Date
}
interface PlannedEvent {
  row: Omit<typeof events.$inferInsert, 'organizerId' | 'groupId'>
  /** The group's name for a group's event (organized by its first moderator), else the webmaster. */
  groupKind: 'region' | null
  tickets: PlannedTicket[]
  registrations: PlannedRegistration[]
}
export interface EventPlan {
  webmasterId: string
  events: PlannedEvent[]
}

/** 19 h 00 in Paris, `days` after `today` (winter time: UTC+1, close enough for demo data). */
const at = (today: Date, days: number, hour: number, minute = 0) => new Date(today.getTime() + days * DAY + (hour - 1) * HOUR + minute * 60_000)
const code = () => Array.from({ length: 10 }, () => CODE_ALPHABET[faker.number.int({ min: 0, max: 31 })]).join('')

function pick(members: SeedMember[], n: number, filter: (m: SeedMember) => boolean = () => true) {
  return faker.helpers.arrayElements(
    members.filter((m) => !m.demo && filter(m)),
    n,
  )
}

export function generateEvents(members: SeedMember[], today: Date): EventPlan {
  faker.seed(EVENTS_SEED)
  const webmaster = members.find((m) => m.demo === 'webmaster')
  const alumni = members.find((m) => m.demo === 'alumni')
  const student = members.find((m) => m.demo === 'student')
  if (!webmaster) throw new Error('the events seed needs the demo webmaster')
  const registered = (people: SeedMember[], start: Date, options: Partial<PlannedRegistration> = {}) =>
    people.map((m, i) => ({
      userId: m.id,
      status: 'confirmed' as const,
      guests: 0,
      ticket: null,
      guestTicket: null,
      amountCents: 0,
      checkedIn: false,
      at: new Date(start.getTime() + i * 37 * 60_000),
      ...options,
    }))
  const base = { description: '', timeZone: 'Europe/Paris', status: 'published' as const, createdAt: at(today, -30, 10), updatedAt: at(today, -30, 10) }
  const lyon = { venue: '', address: '', city: 'Lyon', latitude: 45.7578, longitude: 4.832 }

  const afterwork: PlannedEvent = {
    row: {
      ...base,
      ...lyon,
      title: 'Afterwork des anciens à Lyon',
      description: 'Un verre en terrasse couverte pour se retrouver entre promotions et accueillir les **jeunes diplômés**. Venez comme vous êtes !',
      venue: 'Le Comptoir de la Bourse',
      address: '33 rue de la République',
      startsAt: at(today, 9, 19),
      endsAt: at(today, 9, 22),
      capacity: 60,
      maxGuests: 1,
    },
    groupKind: null,
    tickets: [],
    registrations: [
      ...registered(
        pick(members, 34, (m) => m.city === 'Lyon' || faker.datatype.boolean(0.3)),
        at(today, -10, 9),
      ),
      ...(alumni ? registered([alumni], at(today, -2, 12)) : []),
    ],
  }

  const galaBuyers = pick(members, 78)
  const gala: PlannedEvent = {
    row: {
      ...base,
      ...lyon,
      title: 'Gala annuel de l’Amicale',
      description: 'Dîner, remise des prix de l’Amicale et soirée dansante. Tenue de soirée souhaitée.\n\nLe billet comprend le dîner et les boissons.',
      venue: 'Palais de la Bourse',
      address: 'Place de la Bourse',
      startsAt: at(today, 40, 19, 30),
      endsAt: at(today, 41, 1),
      capacity: 200,
      maxGuests: 2,
      ticketing: true,
      cancellationDeadline: at(today, 30, 23, 59),
      registrationDeadline: at(today, 35, 23, 59),
    },
    groupKind: null,
    tickets: [
      { name: 'Membre diplômé', priceCents: 6500, quota: null, eligibility: 'members' },
      { name: 'Étudiant', priceCents: 3500, quota: 40, eligibility: 'students' },
      { name: 'Invité', priceCents: 7500, quota: 60, eligibility: 'guests' },
    ],
    registrations: galaBuyers.map((m, i) => {
      const guests = i % 5 === 0 ? 1 : 0
      const student = m.kind === 'student'
      return {
        userId: m.id,
        status: 'confirmed' as const,
        guests,
        ticket: student ? 1 : 0,
        guestTicket: guests ? 2 : null,
        amountCents: (student ? 3500 : 6500) + guests * 7500,
        checkedIn: false,
        at: new Date(at(today, -20, 9).getTime() + i * 3 * HOUR),
      }
    }),
  }

  const conference: PlannedEvent = {
    row: {
      ...base,
      title: 'Conférence en ligne : l’IA dans l’industrie',
      description: 'Trois anciens racontent comment l’IA a changé leur usine, leur bureau d’études et leur chaîne logistique. Questions en direct.',
      online: true,
      onlineUrl: 'https://visio.amicale.example/ia-industrie',
      audience: 'everyone',
      startsAt: at(today, 16, 12, 30),
      endsAt: at(today, 16, 13, 30),
      capacity: null,
    },
    groupKind: null,
    tickets: [],
    registrations: registered(pick(members, 118), at(today, -6, 8)),
  }

  const visitors = pick(members, 31, (m) => m.country === 'FR')
  const visit: PlannedEvent = {
    row: {
      ...base,
      title: 'Visite du chantier du Grand Paris Express',
      description: 'Visite guidée d’une gare en construction par un ancien de la promotion 2004, ingénieur travaux. Chaussures fermées obligatoires.',
      venue: 'Gare de Saint-Denis Pleyel (chantier)',
      address: 'Rue Pleyel',
      city: 'Saint-Denis',
      latitude: 48.9362,
      longitude: 2.3574,
      startsAt: at(today, 23, 14),
      endsAt: at(today, 23, 17),
      capacity: 25,
    },
    groupKind: null,
    tickets: [],
    registrations: [
      ...registered(visitors.slice(0, 25), at(today, -12, 9)),
      ...registered(visitors.slice(25), at(today, -3, 9), { status: 'waitlisted' }),
      ...(student ? registered([student], at(today, -1, 18), { status: 'waitlisted' }) : []),
    ],
  }

  const picnic: PlannedEvent = {
    row: {
      ...base,
      title: 'Apéritif de fin d’année du groupe',
      description: 'Chacun apporte de quoi grignoter ; le groupe offre le vin chaud. Familles bienvenues.',
      venue: 'Café du Marché',
      address: '4 place Saint-Jean',
      ...{ city: 'Lyon', latitude: 45.7622, longitude: 4.8272 },
      startsAt: at(today, 12, 18, 30),
      endsAt: at(today, 12, 21),
      capacity: 40,
      maxGuests: 3,
    },
    groupKind: 'region',
    tickets: [],
    registrations: registered(pick(members, 14), at(today, -4, 10), { guests: 1 }),
  }

  const hike: PlannedEvent = {
    row: {
      ...base,
      title: 'Randonnée dans le Vercors',
      description: 'Boucle de 14 km au départ de Villard-de-Lans.',
      venue: 'Office de tourisme',
      address: '101 place Mure-Ravaud',
      city: 'Villard-de-Lans',
      latitude: 45.0714,
      longitude: 5.5536,
      startsAt: at(today, 30, 9),
      endsAt: at(today, 30, 17),
      capacity: 20,
      status: 'cancelled',
      cancelledAt: at(today, -1, 10),
    },
    groupKind: null,
    tickets: [],
    registrations: [],
  }

  const pastAttendees = pick(members, 120)
  const soiree: PlannedEvent = {
    row: {
      ...base,
      ...lyon,
      title: 'Soirée des diplômés 2026',
      description: 'La remise des diplômes de la promotion 2026, suivie d’un cocktail.',
      venue: 'Amphithéâtre Lumière',
      address: '12 rue de la République',
      startsAt: at(today, -60, 18),
      endsAt: at(today, -60, 23),
      capacity: 150,
      createdAt: at(today, -100, 10),
      updatedAt: at(today, -100, 10),
    },
    groupKind: null,
    tickets: [],
    registrations: registered(pastAttendees, at(today, -90, 9)).map((r, i) => ({ ...r, checkedIn: i % 4 !== 0 })),
  }

  const paris: PlannedEvent = {
    row: {
      ...base,
      title: 'Rencontre des anciens à Paris',
      description: 'Apéritif de fin de saison à deux pas de la gare de Lyon.',
      venue: 'Le Train Bleu',
      address: 'Place Louis-Armand',
      city: 'Paris',
      latitude: 48.8443,
      longitude: 2.3744,
      startsAt: at(today, -20, 19),
      endsAt: at(today, -20, 22),
      capacity: 50,
      createdAt: at(today, -50, 10),
      updatedAt: at(today, -50, 10),
    },
    groupKind: null,
    tickets: [],
    registrations: registered(
      pick(members, 41, (m) => m.country === 'FR'),
      at(today, -45, 9),
    ).map((r, i) => ({ ...r, checkedIn: i % 3 !== 0 })),
  }

  return { webmasterId: webmaster.id, events: [afterwork, gala, conference, visit, picnic, hike, soiree, paris] }
}

export function insertEvents(tx: Tx, plan: EventPlan) {
  for (const planned of plan.events) {
    let organizerId = plan.webmasterId
    let groupId: number | null = null
    if (planned.groupKind) {
      const moderated = tx
        .select({ groupId: groups.id, userId: groupMembers.userId })
        .from(groups)
        .innerJoin(groupMembers, and(eq(groupMembers.groupId, groups.id), eq(groupMembers.role, 'moderator')))
        .where(and(eq(groups.kind, planned.groupKind), eq(groups.status, 'active')))
        .limit(1)
        .get()
      if (moderated) ({ groupId, userId: organizerId } = moderated)
    }
    const eventId = tx
      .insert(events)
      .values({ ...planned.row, organizerId, groupId })
      .returning({ id: events.id })
      .get().id
    const ticketIds = planned.tickets.map(
      (t, position) =>
        tx
          .insert(eventTicketTypes)
          .values({ ...t, eventId, position })
          .returning({ id: eventTicketTypes.id })
          .get().id,
    )
    for (const r of planned.registrations) {
      const places = 1 + r.guests
      tx.insert(eventRegistrations)
        .values({
          id: faker.string.uuid(),
          eventId,
          userId: r.userId,
          status: r.status,
          guests: r.guests,
          places,
          ticketTypeId: r.ticket === null ? null : ticketIds[r.ticket],
          guestTicketTypeId: r.guestTicket === null ? null : ticketIds[r.guestTicket],
          amountCents: r.amountCents,
          paidAt: r.amountCents > 0 ? r.at : null,
          paymentReference: r.amountCents > 0 ? `demo_pi_${faker.string.alphanumeric(14)}` : null,
          ticketCode: code(),
          checkedInAt: r.checkedIn ? planned.row.startsAt : null,
          checkedInBy: r.checkedIn ? organizerId : null,
          waitlistedAt: r.status === 'waitlisted' ? r.at : null,
          createdAt: r.at,
          updatedAt: r.at,
        })
        .run()
      tx.insert(eventActivity)
        .values({ eventId, userId: r.userId, kind: r.status === 'waitlisted' ? 'waitlisted' : 'registered', places, createdAt: r.at })
        .run()
      if (r.checkedIn)
        tx.insert(eventActivity)
          .values({ eventId, userId: r.userId, kind: 'checkedIn', places, createdAt: planned.row.startsAt as Date })
          .run()
    }
  }
}
