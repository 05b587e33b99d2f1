import type { AppContext } from '~/context.server'
import { composeMail, type MailContent } from '~/shared/mail-layout.server'

interface Recipient {
  email: string
  firstName: string
  locale: 'fr' | 'en'
}

/**
 * Every account mail: to a person, in their language, greeted by first name. Queued, so call it
 * inside the transaction of the change it reports (the token it carries, the new password…).
 */
function send(ctx: AppContext, kind: string, to: Recipient, content: Omit<MailContent, 'to' | 'locale' | 'firstName'>) {
  ctx.mail.enqueue(composeMail(ctx.config, { to: to.email, locale: to.locale, firstName: to.firstName, ...content }), { kind: `account.${kind}` })
}

export const accountMails = {
  passwordReset(ctx: AppContext, user: Recipient, link: string) {
    send(ctx, 'reset', user, {
      subject: 'mail.reset.subject',
      paragraphs: [{ key: 'mail.reset.body' }, { key: 'mail.ignore' }],
      action: { label: 'mail.reset.action', url: link },
    })
  },
  passwordChanged(ctx: AppContext, user: Recipient) {
    send(ctx, 'passwordChanged', user, {
      subject: 'mail.passwordChanged.subject',
      paragraphs: [{ key: 'mail.passwordChanged.body', params: { email: ctx.config.ASSOCIATION_EMAIL } }],
    })
  },
  confirmNewEmail(ctx: AppContext, user: Recipient, newEmail: string, link: string) {
    send(
      ctx,
      'confirmEmail',
      { ...user, email: newEmail },
      {
        subject: 'mail.confirmEmail.subject',
        paragraphs: [{ key: 'mail.confirmEmail.body' }, { key: 'mail.ignore' }],
        action: { label: 'mail.confirmEmail.action', url: link },
      },
    )
  },
  /** A sign-up with a new address: the link creates the account and logs in. */
  confirmSignUp(ctx: AppContext, recipient: Recipient, link: string) {
    send(ctx, 'signUp', recipient, {
      subject: 'mail.signupConfirm.subject',
      paragraphs: [{ key: 'mail.signupConfirm.body' }, { key: 'mail.ignore' }],
      action: { label: 'mail.signupConfirm.action', url: link },
    })
  },
  /** A sign-up with an address that already has an account: the page said the same as for a new one. */
  signUpWithTakenAddress(ctx: AppContext, user: Recipient, resetPage: string) {
    send(ctx, 'signUpTaken', user, {
      subject: 'mail.signupTaken.subject',
      paragraphs: [{ key: 'mail.signupTaken.body' }, { key: 'mail.signupTaken.notYou' }],
      action: { label: 'mail.signupTaken.action', url: resetPage },
    })
  },
  /** Someone asked to move their account to this address, which already has one: nothing changed. */
  emailChangeToTakenAddress(ctx: AppContext, owner: Recipient) {
    send(ctx, 'emailChangeTaken', owner, {
      subject: 'mail.emailChangeTaken.subject',
      paragraphs: [{ key: 'mail.emailChangeTaken.body' }, { key: 'mail.signupTaken.notYou' }],
    })
  },
  /** Sent to the old address once the new one is confirmed. */
  emailChanged(ctx: AppContext, user: Recipient, newEmail: string) {
    send(ctx, 'emailChanged', user, {
      subject: 'mail.emailChanged.subject',
      paragraphs: [{ key: 'mail.emailChanged.body', params: { newEmail, email: ctx.config.ASSOCIATION_EMAIL } }],
    })
  },
}
