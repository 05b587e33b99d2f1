import crypto from 'node:crypto'
import type { AppContext } from '~/context.server'
import { translate, type Locale } from '~/i18n'
import { bodyChunks } from '~/features/campaigns/schema'
import { optOutUnsubscribe } from '~/features/outreach/opt-outs.server'
import { DEFAULT_PRIMARY } from '~/shared/brand'
import { composeMail, escapeHtml } from '~/shared/mail-layout.server'
import type { MailMessage } from '~/shared/mail-queue.server'
import { parseRichText, toPlainText, type Block, type Inline } from '~/shared/rich-text'

// The letter as a mail: the house layout (`composeMail`: greeting, signature, footer, the
// unsubscribe line and the consent centre beside it), the webmaster's Markdown rendered from the
// rich-text parser's plain data — so no HTML of theirs ever reaches the mail, links are only
// http(s) and mailto, there are no images — and no tracking of any kind: no pixel, no link rewritten.

export interface LetterRecipient {
  email: string
  firstName: string
  locale: Locale
  /** Null for a graduates' list person without an account. */
  userId: string | null
}

/* ---------- The account's one-click unsubscribe ---------- */

function sign(secret: string, userId: string) {
  return crypto.createHmac('sha256', secret).update(`campaign-news-unsubscribe:${userId}`).digest('base64url').slice(0, 32)
}

export const newsUnsubscribeToken = (secret: string, userId: string) => `${userId}.${sign(secret, userId)}`

/** The account a `/lettre/desabonnement/<token>` link stands for, or null when this site did not sign it. */
export function userOfNewsToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.')
  if (dot <= 0 || token.length > 300) return null
  const userId = token.slice(0, dot)
  const expected = Buffer.from(sign(secret, userId))
  const given = Buffer.from(token.slice(dot + 1))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? userId : null
}

export const newsUnsubscribeUrl = (ctx: AppContext, baseUrl: string, userId: string) =>
  new URL(`/lettre/desabonnement/${newsUnsubscribeToken(ctx.config.SESSION_SECRET, userId)}`, baseUrl).toString()

/* ---------- The body ---------- */

export interface RenderedBody {
  html: string
  text: string
}

function inlineHtml(nodes: Inline[], linkColour: string): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeHtml(node.text)
        case 'br':
          return '<br>'
        case 'strong':
          return `<strong>${inlineHtml(node.children, linkColour)}</strong>`
        case 'em':
          return `<em>${inlineHtml(node.children, linkColour)}</em>`
        // The parser kept only absolute http(s) and mailto targets; the href goes out as written.
        case 'link':
          return `<a href="${escapeHtml(node.href)}" style="color:${linkColour}">${inlineHtml(node.children, linkColour)}</a>`
        case 'mention':
          return escapeHtml(`@${node.name}`)
      }
    })
    .join('')
}

function blockHtml(block: Block, linkColour: string): string {
  if (block.type === 'paragraph') return `<p>${inlineHtml(block.children, linkColour)}</p>`
  const items = block.items.map((item) => `<li>${inlineHtml(item, linkColour)}</li>`).join('')
  return block.ordered
    ? `<ol style="padding-left:24px"${block.start === 1 ? '' : ` start="${block.start}"`}>${items}</ol>`
    : `<ul style="padding-left:24px">${items}</ul>`
}

/** The Markdown as the mail's HTML and text parts (the same plain data for both). */
export function renderLetterBody(ctx: Pick<AppContext, 'config'>, body: string): RenderedBody {
  const colour = ctx.config.ASSOCIATION_COLOR ?? DEFAULT_PRIMARY
  const chunks = bodyChunks(body)
  return {
    html: chunks
      .map((chunk) =>
        parseRichText(chunk)
          .map((b) => blockHtml(b, colour))
          .join('\n'),
      )
      .join('\n'),
    text: chunks.map((chunk) => toPlainText(chunk)).join('\n\n'),
  }
}

/* ---------- The mail ---------- */

/**
 * One recipient's letter. An account's carries the signed one-click link that withdraws the news
 * consent (also as List-Unsubscribe with List-Unsubscribe-Post, RFC 8058); a graduates' list
 * person's carries « Ne plus m'écrire ». `test`: the webmaster's own copy, its subject marked.
 */
export function letterMail(
  ctx: AppContext,
  letter: { subject: string; body: RenderedBody },
  to: LetterRecipient,
  baseUrl: string,
  options: { test?: boolean } = {},
): MailMessage {
  // composeMail escapes what it is given: the body goes in as a marker nobody can type, then the
  // rendered HTML (built from plain data above) takes the marker's place.
  const marker = `lettre-${crypto.randomUUID()}`
  const message = composeMail(ctx.config, {
    to: to.email,
    locale: to.locale,
    firstName: to.firstName.trim(),
    subject: 'campaigns.mail.subject',
    paragraphs: [{ key: 'campaigns.mail.body', params: { body: marker } }],
    unsubscribe: to.userId
      ? { label: 'campaigns.mail.unsubscribe', url: newsUnsubscribeUrl(ctx, baseUrl, to.userId), oneClick: true }
      : optOutUnsubscribe(ctx, baseUrl, to.email),
  })
  const title = options.test ? translate(to.locale, 'campaigns.mail.testSubject', { subject: letter.subject }) : letter.subject
  const subject = `${title} — ${ctx.config.ASSOCIATION_NAME}`
  const headers: Record<string, string> = { ...message.headers }
  return {
    ...message,
    subject,
    text: message.text.replace(marker, () => letter.body.text),
    html: message.html
      .replace(`<title>${escapeHtml(message.subject)}</title>`, () => `<title>${escapeHtml(subject)}</title>`)
      .replace(`<p>${marker}</p>`, () => letter.body.html),
    headers,
  }
}
