import { mailTemplates } from '../../app/mail-templates.server'
import { createTransport, startMailSender } from '../../server/mail-sender'
import type { MailSuite } from './mail-suite'

/**
 * A real sender for one round, for a suite whose app's own sender was stopped (so that mails stay
 * queued until the test lets them go): delivers what is queued now to the suite's SMTP server, then stops.
 */
export async function deliverQueued(suite: MailSuite) {
  const { ctx } = suite.app
  const sender = startMailSender({
    db: ctx.db,
    queue: ctx.mail,
    transport: createTransport(suite.smtp.url),
    from: ctx.config.MAIL_FROM,
    templates: mailTemplates(ctx),
    logger: ctx.logger,
  })
  await sender.runOnce()
  await sender.stop()
  return sender.stats()
}
