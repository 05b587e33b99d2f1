import type { AppContext } from './context.server'
import { composeMail } from './mail-layout.server'

interface Recipient {
  email: string
  firstName: string
  locale: 'fr' | 'en'
}

export const accountMails = {
  passwordReset(ctx: AppContext, user: Recipient, link: string) {
    return ctx.mailer.send(
      composeMail(ctx.config, {
        to: user.email,
        locale: user.locale,
        firstName: user.firstName,
        subject: 'mail.reset.subject',
        paragraphs: [{ key: 'mail.reset.body' }, { key: 'mail.ignore' }],
        action: { label: 'mail.reset.action', url: link },
      }),
    )
  },
  passwordChanged(ctx: AppContext, user: Recipient) {
    return ctx.mailer.send(
      composeMail(ctx.config, {
        to: user.email,
        locale: user.locale,
        firstName: user.firstName,
        subject: 'mail.passwordChanged.subject',
        paragraphs: [{ key: 'mail.passwordChanged.body', params: { email: ctx.config.ASSOCIATION_EMAIL } }],
      }),
    )
  },
  confirmNewEmail(ctx: AppContext, user: Recipient, newEmail: string, link: string) {
    return ctx.mailer.send(
      composeMail(ctx.config, {
        to: newEmail,
        locale: user.locale,
        firstName: user.firstName,
        subject: 'mail.confirmEmail.subject',
        paragraphs: [{ key: 'mail.confirmEmail.body' }, { key: 'mail.ignore' }],
        action: { label: 'mail.confirmEmail.action', url: link },
      }),
    )
  },
  /** Sent to the old address once the new one is confirmed. */
  emailChanged(ctx: AppContext, user: Recipient, newEmail: string) {
    return ctx.mailer.send(
      composeMail(ctx.config, {
        to: user.email,
        locale: user.locale,
        firstName: user.firstName,
        subject: 'mail.emailChanged.subject',
        paragraphs: [
          { key: 'mail.emailChanged.body', params: { newEmail, email: ctx.config.ASSOCIATION_EMAIL } },
        ],
      }),
    )
  },
}
