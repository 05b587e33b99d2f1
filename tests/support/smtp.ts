import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  subject: string
  text: string
  html: string
  parsed: ParsedMail
}

/**
 * A real SMTP server on a free loopback port (or `port`, to bring a stopped one back); the app
 * sends to it through SMTP_URL. `refuse` answers 550 to the recipients it names; `delayMs`
 * makes each mail take that long to be accepted (a slow relay).
 */
export async function startSmtpServer(options: { port?: number; refuse?: (address: string) => boolean; delayMs?: number } = {}) {
  const mails: ReceivedMail[] = []
  const waiters = new Set<() => void>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Closing waits this long for a client to hang up (a pooled connection may stay open).
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (!options.refuse?.(address.address)) return callback()
      callback(Object.assign(new Error('5.1.1 Boîte inconnue'), { responseCode: 550 }))
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to].flat().flatMap((a) => a?.value.map((v) => v.address ?? '') ?? [])
          mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: String(parsed.html || ''), parsed })
          for (const wake of waiters) wake()
          if (options.delayMs) setTimeout(callback, options.delayMs)
          else callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo

  /** Resolves with the first mail (already received or to come) that matches. */
  function waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = mails.find(match)
        if (!found) return false
        waiters.delete(check)
        clearTimeout(timer)
        resolve(found)
        return true
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${mails.map((m) => m.subject).join(', ')})`))
      }, timeoutMs)
      if (!check()) waiters.add(check)
    })
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitForMail,
    mailsTo: (address: string) => mails.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export function firstLink(mail: ReceivedMail, pathPrefix: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, '\\$&')}[^\\s]*`))
  if (!match) throw new Error(`no link to ${pathPrefix} in mail "${mail.subject}"`)
  return match[0]
}
