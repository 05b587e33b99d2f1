import { PDFContentStream, PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib'
import { formatDate } from '~/i18n'
import { winAnsiSafe } from '~/shared/pdf-text.server'

export interface ReceiptData {
  associationName: string
  associationAddress: string
  associationEmail: string
  memberLegalName: string
  memberEmail: string
  category: 'alumni' | 'student'
  amountCents: number
  currency: 'EUR'
  paidAt: Date
  method: 'card' | 'cheque' | 'transfer' | 'demo'
  paymentReference: string
  receiptNumber: string
}

const INK = rgb(0x1b / 255, 0x24 / 255, 0x30 / 255)
const BLUE = rgb(0x1f / 255, 0x4f / 255, 0xa3 / 255)
const MUTED = rgb(0x55 / 255, 0x60 / 255, 0x70 / 255)
const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56

const CATEGORY = { alumni: 'membre diplômé', student: 'membre étudiant' } as const
const METHOD = {
  card: 'Carte bancaire (Stripe)',
  cheque: 'Chèque',
  transfer: 'Virement',
  demo: 'Paiement de démonstration',
} as const

export function formatAmount(cents: number, currency: ReceiptData['currency']): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency }).format(cents / 100)
}

/** « 12 mars 2026 »: the association's legal day, whatever the server's time zone. */
export function formatParisDate(date: Date): string {
  return formatDate('fr', date, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
}

/** « de Camille », but « d’Hélène » / « d’Yves »: French elides « de » before a vowel or a mute h. */
function de(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœæ]/i.test(name) ? `d’${name}` : `de ${name}`
}

export async function renderReceiptPdf(data: ReceiptData): Promise<Uint8Array> {
  const pdfDoc = await PDFDocument.create()
  const title = `Reçu de cotisation ${data.receiptNumber}`
  pdfDoc.setTitle(title, { showInWindowTitleBar: true })
  pdfDoc.setAuthor(data.associationName)
  pdfDoc.setLanguage('fr-FR')
  const regular = await pdfDoc.embedFont(StandardFonts.Helvetica)
  const bold = await pdfDoc.embedFont(StandardFonts.HelveticaBold)
  const page = pdfDoc.addPage(A4)
  const right = A4[0] - MARGIN
  let current: PDFFont | undefined

  type Style = { font?: PDFFont; size?: number; color?: typeof INK; align?: 'left' | 'right'; maxWidth?: number }
  const text = (value: string, x: number, y: number, { font = regular, size = 10.5, color = INK, align = 'left', maxWidth }: Style = {}) => {
    const safe = winAnsiSafe(font, value)
    const left = align === 'right' ? x - font.widthOfTextAtSize(safe, size) : x
    // pdf-lib registers a fresh font resource name on every font change: switch only when needed.
    if (font !== current) page.setFont((current = font))
    page.drawText(safe, { x: left, y, size, color, maxWidth, lineHeight: size * 1.45 })
  }
  const rule = (y: number, color = MUTED, thickness = 0.5) => page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, color, thickness })

  const amount = formatAmount(data.amountCents, data.currency)
  const paidOn = formatParisDate(data.paidAt)
  const designation = `Cotisation à vie — ${CATEGORY[data.category]}`

  // Letterhead: who issues the receipt, then the blue rule that carries the association's colour.
  let y = A4[1] - MARGIN - 8
  text(data.associationName, MARGIN, y, { font: bold, size: 15 })
  text(data.associationAddress, MARGIN, (y -= 17), { size: 9.5, color: MUTED })
  text(data.associationEmail, MARGIN, (y -= 13), { size: 9.5, color: MUTED })
  rule((y -= 18), BLUE, 1.5)

  text('Reçu de cotisation', MARGIN, (y -= 46), { font: bold, size: 24, color: BLUE })
  text(`N° ${data.receiptNumber}`, right, y, { font: bold, size: 11, align: 'right' })

  text('Reçu de :', MARGIN, (y -= 48), { font: bold, size: 9.5, color: MUTED })
  text(data.memberLegalName, MARGIN, (y -= 18), { font: bold, size: 13 })
  text(data.memberEmail, MARGIN, (y -= 15), { size: 10 })

  // The table: one line item and its total, then how and when it was paid.
  text('Désignation', MARGIN, (y -= 44), { font: bold, size: 9.5, color: MUTED })
  text('Montant', right, y, { font: bold, size: 9.5, color: MUTED, align: 'right' })
  rule((y -= 8))
  text(designation, MARGIN, (y -= 20))
  text(amount, right, y, { align: 'right' })
  rule((y -= 12))
  text('Total réglé', MARGIN, (y -= 20), { font: bold })
  text(amount, right, y, { font: bold, align: 'right' })

  y -= 22
  for (const [label, value] of [
    ['Date du paiement', paidOn],
    ['Moyen de paiement', METHOD[data.method]],
    ['Référence', data.paymentReference],
  ]) {
    text(label, MARGIN, (y -= 18), { size: 10, color: MUTED })
    text(value, MARGIN + 140, y, { size: 10 })
  }

  const certification =
    `L’association certifie avoir reçu la somme de ${amount} au titre de la cotisation à vie ` +
    `${de(data.memberLegalName)} (${CATEGORY[data.category]}), réglée le ${paidOn}.`
  text(certification, MARGIN, (y -= 46), { maxWidth: right - MARGIN })

  // Small print at the foot of the page: the issuer again, and what this document is not.
  rule(MARGIN + 30)
  text(`${data.associationName} · ${data.associationAddress} · ${data.associationEmail}`, MARGIN, MARGIN + 16, { size: 8, color: MUTED })
  text('Ce reçu atteste le paiement de la cotisation ; il ne constitue pas un reçu fiscal.', MARGIN, MARGIN + 4, { size: 8, color: MUTED })

  // pdf-lib always deflates page content; store it raw instead so the text can be read back in tests
  // (and grepped by a curious treasurer). A one-page receipt is a few kilobytes either way.
  const { context } = pdfDoc
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFContentStream) context.assign(ref, context.stream(object.getUnencodedContents()))
  }
  return pdfDoc.save({ useObjectStreams: false })
}
