import { eq } from 'drizzle-orm'
import { jobOffers, profiles, users } from '../../../db/schema'
import { translate, type Locale, type MessageKey } from '~/i18n'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'

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

/** Careers mails, queued inside the transaction of the change they report. */
export const careersMails = {
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
          params: { name, promotion: String(applicant.profile?.promotion ?? '—'), diploma: applicant.profile?.diploma ?? '—', email: applicant.user.email },
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
        { key: input.total === 1 ? 'careers.mail.alert.bodyOne' : 'careers.mail.alert.body', params: { count: input.total } },
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
