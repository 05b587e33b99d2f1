import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { renderReceiptPdf, type ReceiptData } from '../../app/features/dues/receipts.server'
import { extractPdfText } from '../support/pdf-text'

const receipt: ReceiptData = {
  associationName: 'Amicale des diplômés',
  associationAddress: '12 rue de la République, 69002 Lyon',
  associationEmail: 'contact@amicale.example',
  memberLegalName: 'Hélène LEFÈVRE',
  memberEmail: 'helene.lefevre@exemple.fr',
  category: 'alumni',
  amountCents: 10000,
  currency: 'EUR',
  // 23:30 UTC on 11 March is already 12 March in Paris: the date must follow Europe/Paris.
  paidAt: new Date('2026-03-11T23:30:00Z'),
  method: 'card',
  paymentReference: 'pi_3PqXyZ2eZvKYlo2C',
  receiptNumber: '2026-000042',
}

/** Intl writes « 100,00 € » with a no-break space; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('renderReceiptPdf', () => {
  it('renders a one-page French receipt with the member, the amount and the payment', async () => {
    const bytes = await renderReceiptPdf(receipt)
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    const text = plain(extractPdfText(bytes))
    expect(text).toContain('Reçu de cotisation')
    expect(text).toContain('2026-000042')
    expect(text).toContain('Amicale des diplômés')
    expect(text).toContain('Reçu de :')
    expect(text).toContain('Hélène LEFÈVRE')
    expect(text).toContain('Cotisation à vie — membre diplômé')
    expect(text).toContain('100,00 €')
    expect(text).toContain('12 mars 2026')
    expect(text).toContain('Carte bancaire (Stripe)')
    expect(text).toContain('pi_3PqXyZ2eZvKYlo2C')
    expect(text).toContain('L’association certifie avoir reçu la somme de 100,00 €')
  })

  it('names the student category, the cheque and its amount', async () => {
    const text = plain(
      extractPdfText(await renderReceiptPdf({ ...receipt, category: 'student', method: 'cheque', amountCents: 2000, paymentReference: '0001234' })),
    )
    expect(text).toContain('Cotisation à vie — membre étudiant')
    expect(text).toContain('Chèque')
    expect(text).toContain('20,00 €')
    expect(text).not.toContain('100,00 €')
  })

  it('draws characters the standard fonts lack instead of throwing', async () => {
    const text = plain(extractPdfText(await renderReceiptPdf({ ...receipt, memberLegalName: 'Łucja\u202fWOŹNIAK', amountCents: 123456 })))
    expect(text).toContain('?ucja WOZNIAK')
    expect(text).toContain('1 234,56 €')
  })

  it('reads back what is drawn, not what it is asked for', async () => {
    const text = extractPdfText(await renderReceiptPdf({ ...receipt, memberLegalName: 'Camille MARTIN' }))
    expect(text).toContain('Camille MARTIN')
    expect(text).not.toContain('Hélène')
  })

  it('extracts deflated content streams too (pdf-lib’s default output)', async () => {
    const doc = await PDFDocument.create()
    doc.addPage().drawText('Déjà « réglé » — 5 €', { font: await doc.embedFont(StandardFonts.Helvetica) })
    expect(extractPdfText(await doc.save())).toBe('Déjà « réglé » — 5 €')
  })
})
