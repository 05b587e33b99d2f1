import { and, eq } from 'drizzle-orm'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { eventRegistrations, events, payments, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { translate, type Locale, type MessageKey } from '~/i18n'
import { readPrivateFile } from '~/shared/uploads.server'
import { receiptDocument } from '~/features/dues/dues-mails.server'
import { formatTicketCode } from '~/features/events/event-registrations.server'
import { ticketQrPng } from '~/features/events/event-files.server'
import { personRows, type PersonRows } from '~/features/privacy/person-data.server'
import { privacyPolicy } from '~/features/privacy/policy.server'
import { CATEGORY_KEYS, LEGAL_BASIS_KEYS, RECIPIENT_KEYS, retentionText } from '~/features/privacy/schema'

/** The archive's JSON files, one per area of the site, in the person's words for the area. */
const AREA_FILES: Record<string, string> = {
  accounts: 'compte.json',
  directory: 'annuaire.json',
  dues: 'cotisation-et-paiements.json',
  events: 'evenements-et-billets.json',
  careers: 'carriere.json',
  groups: 'groupes-et-messages.json',
  moderation: 'moderation-et-signalements.json',
  shared: 'courriels-et-droits.json',
  outreach: 'courriels-et-droits.json',
  roster: 'fichier-des-diplomes.json',
  referrals: 'recommandations.json',
  campaigns: 'lettres-de-l-amicale.json',
  admin: 'compte.json',
}
/** An area not named above still has its rows exported, never dropped. */
const OTHER_FILE = 'autres-donnees.json'

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`)

/** `{ table: { link: rows } }`: the rows of one area, grouped by table and by how they are the person's. */
function byTable(found: PersonRows[]): Record<string, Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, Record<string, unknown>[]>> = {}
  for (const rows of found) (out[rows.table] ??= {})[rows.link] = rows.rows
  return out
}

/** RGPD art. 15's information: for each category, what is held, why, on what ground, who sees it, how long. */
function articleFifteen(locale: Locale, controller: string) {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)
  return {
    controller,
    categories: privacyPolicy().map((c) => ({
      category: t(CATEGORY_KEYS[c.category]),
      data: c.items.map((i) => t(i.data)),
      purposes: c.purposes.map((p) => ({ purpose: t(p.purpose), legalBasis: t(LEGAL_BASIS_KEYS[p.basis]) })),
      recipients: c.recipients.map((r) => t(RECIPIENT_KEYS[r])),
      retention: c.items.flatMap((i) => i.retention.map((r) => retentionText(t, r))),
      keptAfterErasure: c.items.flatMap((i) => i.keptReasons.map((k) => t(k))),
    })),
    rights: t('privacy.export.archive.rights'),
  }
}

/**
 * The archive of everything Amicale holds about one person (RGPD art. 15 and 20): one JSON file
 * per area from the registry, the art. 15 information, and their files — photo, proofs, CVs,
 * receipts (as PDFs), tickets (their QR codes). Only their rows: others appear by public name.
 */
export async function buildArchive(ctx: AppContext, userId: string): Promise<{ bytes: Uint8Array; locale: Locale } | null> {
  const user = ctx.db.select({ id: users.id, email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId)).get()
  if (!user) return null
  const found = personRows(ctx.database.sqlite, { id: user.id, email: user.email })
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(user.locale, key, params)
  const zip: Zippable = {}
  const files = new Map<string, PersonRows[]>(Object.values(AREA_FILES).map((file) => [file, []]))
  for (const rows of found) {
    const file = AREA_FILES[rows.area] ?? OTHER_FILE
    files.set(file, [...(files.get(file) ?? []), rows])
  }
  for (const [file, rows] of files) zip[file] = json(byTable(rows))
  zip['informations-article-15.json'] = json(
    articleFifteen(user.locale, `${ctx.config.ASSOCIATION_NAME}, ${ctx.config.ASSOCIATION_ADDRESS}, ${ctx.config.ASSOCIATION_EMAIL}`),
  )
  for (const file of found.flatMap((r) => r.files)) {
    try {
      zip[file.path] = new Uint8Array(await readPrivateFile(ctx.config.DATA_DIR, file.area, file.storedName))
    } catch {
      // A file gone from the disk (removed by hand, a restore without files): the row still says it existed.
      ctx.logger.warn({ area: file.area }, 'export: a private file named by a row is missing')
    }
  }
  const paid = ctx.db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.userId, user.id), eq(payments.status, 'paid')))
    .all()
  for (const p of paid) {
    const receipt = await receiptDocument(ctx, p.id)
    if (receipt) zip[`fichiers/recus/${receipt.filename}`] = new Uint8Array(receipt.bytes)
  }
  const tickets = ctx.db
    .select({ code: eventRegistrations.ticketCode, eventId: events.id })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(and(eq(eventRegistrations.userId, user.id), eq(eventRegistrations.status, 'confirmed')))
    .all()
  for (const ticket of tickets)
    zip[`fichiers/billets/evenement-${ticket.eventId}-${formatTicketCode(ticket.code)}.png`] = new Uint8Array(await ticketQrPng(ticket.code))
  zip['LISEZMOI.txt'] = strToU8(t('privacy.export.archive.readme', { name: ctx.config.ASSOCIATION_NAME }))
  return { bytes: zipSync(zip, { level: 6, mtime: ctx.now() }), locale: user.locale }
}
