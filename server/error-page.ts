import type { Response } from 'express'

/**
 * The answer to a request refused before Remix could render it (a malformed path, cookie or body,
 * a body too large, a cross-site POST): the site's error page as static HTML, French first with
 * the English beneath, styled inline so that it needs nothing else to be served.
 */
const messages: Record<number, { title: string; body: string; en: string }> = {
  400: {
    title: 'Requête invalide',
    body: 'Le navigateur a envoyé une requête que le site ne sait pas lire. Revenez à la page précédente et réessayez.',
    en: 'Bad request: the site could not read what the browser sent.',
  },
  403: {
    title: 'Requête refusée',
    body: 'Cette requête ne provient pas de ce site. Si vous avez suivi un lien, ouvrez le site directement et recommencez.',
    en: 'Request refused: it did not come from this site.',
  },
  404: {
    title: 'Page introuvable',
    body: 'Cette adresse ne correspond à aucune page. Elle a peut-être changé.',
    en: 'Page not found.',
  },
  405: {
    title: 'Méthode non permise',
    body: 'Cette adresse ne répond pas à ce type de requête. Ouvrez la page depuis le site.',
    en: 'Method not allowed.',
  },
  413: {
    title: 'Envoi trop volumineux',
    body: 'Le formulaire envoyé dépasse la taille permise. Raccourcissez les textes, ou joignez les fichiers dans les champs prévus pour eux.',
    en: 'Request too large.',
  },
  500: {
    title: 'Une erreur est survenue',
    body: 'Le site n’a pas pu répondre. Réessayez dans un instant ; si cela se reproduit, écrivez-nous en donnant la référence ci-dessous.',
    en: 'Something went wrong on our side. Please try again in a moment.',
  },
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function errorPageHtml(status: number, options: { siteName: string; requestId?: string }): string {
  const text = messages[status] ?? messages[status >= 500 ? 500 : 400]!
  const reference = options.requestId ? `<p class="ref">Référence / reference : <code>${escape(options.requestId)}</code></p>` : ''
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(text.title)} · ${escape(options.siteName)}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430;background:#f5f6f8}
header{background:#fff;border-bottom:1px solid #dde1e7;padding:12px 16px}
header a{color:#1b2430;font-weight:700;text-decoration:none;font-size:18px}
main{max-width:36rem;margin:48px auto;padding:0 16px}
section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(27,36,48,.08)}
h1{font-size:28px;line-height:1.25;margin:0 0 12px}
p{margin:0 0 16px}
.en{color:#556070;font-size:14px}
.ref{color:#556070;font-size:14px}
.button{display:inline-block;background:#1f4fa3;color:#fff;border-radius:8px;padding:10px 16px;text-decoration:none;font-weight:600;min-height:24px}
.button:hover{background:#173d80}
.button:focus-visible,header a:focus-visible{outline:3px solid #e0a526;outline-offset:2px}
</style>
</head>
<body>
<header><a href="/">${escape(options.siteName)}</a></header>
<main>
<section>
<h1>${escape(text.title)}</h1>
<p>${escape(text.body)}</p>
<p class="en" lang="en">${escape(text.en)}</p>
${reference}
<a class="button" href="/">Retour à l’accueil</a>
</section>
</main>
</body>
</html>`
}

/** Sends the error page, unless something was already written (then the connection just ends). */
export function sendErrorPage(res: Response, status: number, siteName: string) {
  if (res.headersSent) {
    res.end()
    return
  }
  const requestId = status >= 500 ? (res.locals.requestId as string | undefined) : undefined
  res.status(status).set('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(errorPageHtml(status, { siteName, requestId }))
}
