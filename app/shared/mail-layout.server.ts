import { translate, type Locale, type MessageKey, type Params } from '~/i18n'
import type { Config } from '~/shared/config'
import { DEFAULT_PRIMARY } from '~/shared/brand'
import type { MailMessage } from '~/shared/mail-queue.server'

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

export interface MailContent {
  to: string
  locale: Locale
  firstName: string
  subject: MessageKey
  paragraphs: { key: MessageKey; params?: Params }[]
  action?: { label: MessageKey; url: string }
  /** Practical details as a two-column table (already translated: they mix labels and data). */
  details?: { label: string; value: string }[]
  /** An image attached by the caller with this content id (a ticket's QR code). */
  image?: { cid: string; alt: string }
  /**
   * A last line under the signature, e.g. how to stop receiving such mails. `oneClick`: the URL
   * also takes a mail client's POST without a page (RFC 8058, List-Unsubscribe-Post; the path must
   * be exempt from the Origin check). `noAccount`: the recipient has no account, so no link to the
   * consent centre beside it.
   */
  unsubscribe?: { label: MessageKey; url: string; oneClick?: boolean; noAccount?: boolean }
}

/** One look for every mail: greeting, paragraphs, an optional button, signature; text and HTML. */
export function composeMail(config: Config, content: MailContent): MailMessage {
  const t = (key: MessageKey, params?: Params) => translate(content.locale, key, params)
  const name = config.ASSOCIATION_NAME
  const subject = `${t(content.subject)} — ${name}`
  const greeting = t('mail.greeting', { firstName: content.firstName })
  const paragraphs = content.paragraphs.map((p) => t(p.key, p.params))
  const signature = t('mail.signature', { name })
  const footer = t('mail.footer', { name, address: config.ASSOCIATION_ADDRESS })

  const details = content.details ?? []
  // « Lieu : Lyon » in French (no-break space before the colon), « Place: Lyon » in English.
  const colon = content.locale === 'fr' ? '\u00a0: ' : ': '
  // Beside an unsubscribe link, the consent centre on the same site (it asks to log in first).
  const consentsUrl =
    content.unsubscribe && !content.unsubscribe.noAccount ? new URL('/mon-compte/donnees/consentements', content.unsubscribe.url).toString() : null
  const text = [
    greeting,
    ...paragraphs,
    ...(details.length > 0 ? [details.map((d) => `${d.label}${colon}${d.value}`).join('\n')] : []),
    ...(content.action ? [`${t(content.action.label)}${colon}${content.action.url}`] : []),
    signature,
    '—',
    footer,
    ...(content.unsubscribe ? [`${t(content.unsubscribe.label)}${colon}${content.unsubscribe.url}`] : []),
    ...(consentsUrl ? [`${t('privacy.consents.manageAll')}${colon}${consentsUrl}`] : []),
  ].join('\n\n')

  const detailsHtml =
    details.length > 0
      ? `<table role="presentation" style="border-collapse:collapse;margin:16px 0;width:100%">${details
          .map(
            (d) =>
              `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#556070;font-weight:600;white-space:nowrap">${escapeHtml(d.label)}</th><td style="padding:4px 0">${escapeHtml(d.value)}</td></tr>`,
          )
          .join('')}</table>`
      : ''
  const image = content.image
    ? `<p style="text-align:center"><img src="cid:${escapeHtml(content.image.cid)}" alt="${escapeHtml(content.image.alt)}" width="200" height="200"></p>`
    : ''
  const unsubscribe = content.unsubscribe
    ? `<p style="color:#556070;font-size:13px"><a href="${escapeHtml(content.unsubscribe.url)}" style="color:#556070">${escapeHtml(t(content.unsubscribe.label))}</a>${
        consentsUrl ? ` · <a href="${escapeHtml(consentsUrl)}" style="color:#556070">${escapeHtml(t('privacy.consents.manageAll'))}</a>` : ''
      }</p>`
    : ''

  // The brand's colour passed the contrast check at start; a logo needs the public origin to load.
  const brand = config.ASSOCIATION_COLOR ?? DEFAULT_PRIMARY
  const masthead =
    config.ASSOCIATION_LOGO && config.APP_URL
      ? `<img src="${escapeHtml(new URL('/marque/logo', config.APP_URL).toString())}" alt="${escapeHtml(name)}" height="48" style="display:block;height:48px;width:auto;border:0">`
      : escapeHtml(name)
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:${brand};color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(t(content.action.label))}</a></p>
<p style="color:#556070;font-size:14px">${escapeHtml(t('mail.linkFallback'))}<br><a href="${escapeHtml(content.action.url)}" style="color:${brand};word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
    : ''
  const html = `<!doctype html>
<html lang="${content.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b2430">
<div style="max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:700;color:${brand};font-size:18px;margin:0 0 16px">${masthead}</p>
<div style="background:#ffffff;border:1px solid #dde1e7;border-radius:8px;padding:24px;line-height:1.5">
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${detailsHtml}${image}
${button}
<p>${escapeHtml(signature)}</p>
</div>
<p style="color:#556070;font-size:13px;margin-top:16px">${escapeHtml(footer)}</p>
${unsubscribe}</div></body></html>`
  // Mail clients show their own « unsubscribe » from this header (the link opens a confirmation page).
  const headers = content.unsubscribe
    ? {
        'List-Unsubscribe': `<${content.unsubscribe.url}>`,
        ...(content.unsubscribe.oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      }
    : undefined
  return { to: content.to, subject, text, html, ...(headers ? { headers } : {}) }
}
