import { eq } from 'drizzle-orm'
import { jobOffers, profiles, users } from '../../../db/schema'
import { formatDate, translate, type Locale, type MessageKey } from '~/i18n'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'
import { diplomaLabel } from '~/features/directory/schema'

/** The contract type as a reader says it, in the mail's language. */
export function contractLabel(locale: Locale, type: string) {
  return translate(locale, `careers.contract.${type}` as MessageKey)
}

function author(ctx: AppContext, offerId: number) {
  return ctx.db
    .select({ offer: jobOffers, user: users })
    .from(jobOffers)
    .innerJoin(users, eq(users.id, jobOffers.authorId))
    .where(eq(jobOffers.id, offerId))
    .get()
}

export interface AlertOffer {
  id: number
  title: string
  company: string
  city: string
  contractType: string
}

/** The approval mail's key: one per publication, so that an undo calls back exactly this one. */
export const approvalMailKey = (offerId: number, publishedAt: Date) => `careers.offerApproved:${offerId}:${publishedAt.getTime()}`

/** Careers mails, queued inside the transaction of the change they report. */
export const careersMails = {
  /**
   * The poster learns their offer is online, until when, and where it is. Held until `notBefore`
   * (the webmaster's undo minute): an undone publication never reaches the poster's mailbox.
   */
  offerApproved(ctx: AppContext, offerId: number, input: { baseUrl: string; notBefore: Date }) {
    const row = author(ctx, offerId)
    if (!row?.offer.publishedAt || !row.offer.expiresAt) return
    const { locale } = row.user
    const until = formatDate(locale, row.offer.expiresAt)
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: row.user.email,
        locale,
        firstName: row.user.firstName,
        subject: 'careers.mail.approved.subject',
        paragraphs: [
          { key: 'careers.mail.approved.body', params: { title: row.offer.title, company: row.offer.company } },
          { key: 'careers.mail.approved.until', params: { date: until } },
          { key: 'careers.mail.approved.next' },
        ],
        action: { label: 'careers.mail.approved.action', url: new URL(`/carriere/offres/${offerId}`, input.baseUrl).toString() },
      }),
      { kind: 'careers.offerApproved', dedupeKey: approvalMailKey(offerId, row.offer.publishedAt), notBefore: input.notBefore },
    )
  },

  /** The poster learns why a webmaster refused their offer, and where to correct it. */
  offerRejected(ctx: AppContext, offerId: number, baseUrl: string) {
    const row = author(ctx, offerId)
    if (!row) return
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: row.user.email,
        locale: row.user.locale,
        firstName: row.user.firstName,
        subject: 'careers.mail.rejected.subject',
        paragraphs: [
          { key: 'careers.mail.rejected.body', params: { title: row.offer.title, company: row.offer.company } },
          { key: 'careers.mail.rejected.reason', params: { reason: row.offer.rejectionReason ?? '' } },
          { key: 'careers.mail.rejected.next' },
        ],
        action: { label: 'careers.mail.rejected.action', url: new URL(`/carriere/mes-offres/${offerId}`, baseUrl).toString() },
      }),
      { kind: 'careers.offerRejected' },
    )
  },

  /**
   * An application, as it arrives, to the address the offer gave: who applies (name, promotion,
   * diploma), their message, and the CV attached. Replying reaches the applicant.
   */
  application(ctx: AppContext, input: { offerId: number; applicantId: string; message: string; cv: { filename: string; content: Buffer }; baseUrl: string }) {
    const row = author(ctx, input.offerId)
    const applicant = ctx.db
      .select({ user: users, profile: profiles })
      .from(users)
      .leftJoin(profiles, eq(profiles.userId, users.id))
      .where(eq(users.id, input.applicantId))
      .get()
    if (!row || !applicant) return
    const name = `${applicant.user.firstName} ${applicant.user.lastName}`
    const mail = composeMail(ctx.config, {
      to: row.offer.applicationEmail,
      locale: row.user.locale,
      firstName: row.user.firstName,
      subject: 'careers.mail.application.subject',
      paragraphs: [
        { key: 'careers.mail.application.body', params: { title: row.offer.title, company: row.offer.company } },
        {
          key: 'careers.mail.application.who',
          params: {
            name,
            promotion: String(applicant.profile?.promotion ?? '—'),
            diploma: applicant.profile?.diploma ? diplomaLabel((key, p) => translate(row.user.locale, key, p), applicant.profile.diploma) : '—',
            email: applicant.user.email,
          },
        },
        { key: 'careers.mail.application.message', params: { message: input.message } },
        { key: 'careers.mail.application.cv', params: { name } },
      ],
      action: { label: 'careers.mail.application.action', url: new URL('/carriere/mes-offres', input.baseUrl).toString() },
    })
    const subject = `${translate(row.user.locale, 'careers.mail.application.subjectFor', { name, title: row.offer.title })} — ${ctx.config.ASSOCIATION_NAME}`
    ctx.mail.enqueue(
      { ...mail, subject, replyTo: applicant.user.email, attachments: [{ ...input.cv, contentType: 'application/pdf' }] },
      { kind: 'careers.application' },
    )
  },

  /** The weekly alert: the new offers matching a saved search, and a one-click way out. */
  alert(
    ctx: AppContext,
    input: {
      to: { email: string; firstName: string; locale: Locale }
      offers: AlertOffer[]
      total: number
      searchUrl: string
      unsubscribeUrl: string
      baseUrl: string
    },
  ) {
    const { locale } = input.to
    const mail = composeMail(ctx.config, {
      to: input.to.email,
      locale,
      firstName: input.to.firstName,
      subject: 'careers.mail.alert.subject',
      paragraphs: [
        { key: 'careers.mail.alert.body', params: { count: input.total } },
        ...input.offers.map((o) => ({
          key: 'careers.mail.alert.offer' as const,
          params: {
            title: o.title,
            company: o.company,
            city: o.city,
            contract: contractLabel(locale, o.contractType),
            url: new URL(`/carriere/offres/${o.id}`, input.baseUrl).toString(),
          },
        })),
        { key: 'careers.mail.alert.unsubscribe', params: { url: input.unsubscribeUrl } },
      ],
      action: { label: 'careers.mail.alert.action', url: input.searchUrl },
    })
    // The link is in the text too; the header lets mail clients offer their own « unsubscribe ».
    ctx.mail.enqueue({ ...mail, headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>` } }, { kind: 'careers.alert' })
  },
}
