import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib'
import { formatDate, translator } from '~/i18n'
import { winAnsiSafe } from '~/shared/pdf-text.server'
import type { ElectionParameters, ElectionResult } from './crypto/board'

// The procès-verbal (issue #18, step 7): the association's record of the vote, in French, on one
// A4 page — what was counted, who got what, who is elected, the fingerprint every check starts
// from, and the trustees who sign it (those who decrypted named apart).

export type ProcesVerbal = {
  associationName: string
  parameters: ElectionParameters
  fingerprint: string
  votingOpensAt: Date
  votingClosesAt: Date
  publishedAt: Date
  result: ElectionResult
  decrypting: string[]
}

const INK = rgb(0x1b / 255, 0x24 / 255, 0x30 / 255)
const BLUE = rgb(0x1f / 255, 0x4f / 255, 0xa3 / 255)
const MUTED = rgb(0x55 / 255, 0x60 / 255, 0x70 / 255)
const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56

const paris = (d: Date) => formatDate('fr', d, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' })

export async function renderProcesVerbal(pv: ProcesVerbal): Promise<Uint8Array> {
  const t = translator('fr')
  const p = pv.parameters
  const doc = await PDFDocument.create()
  doc.setTitle(`${t('elections.pv.title')} — ${p.title}`, { showInWindowTitleBar: true })
  doc.setAuthor(pv.associationName)
  doc.setSubject(pv.fingerprint)
  doc.setLanguage('fr-FR')
  const regular = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const mono = await doc.embedFont(StandardFonts.Courier)
  let page = doc.addPage(A4)
  let y = A4[1] - MARGIN
  const width = A4[0] - 2 * MARGIN

  // Lines wrapped to the page's width; a new page when the bottom is reached (a long list).
  const line = (
    value: string,
    { font = regular, size = 10.5, color = INK, gap = 6 }: { font?: PDFFont; size?: number; color?: typeof INK; gap?: number } = {},
  ) => {
    const words = winAnsiSafe(font, value).split(' ')
    let current = ''
    const flush = () => {
      if (y < MARGIN + size) {
        page = doc.addPage(A4)
        y = A4[1] - MARGIN
      }
      page.drawText(current, { x: MARGIN, y, size, font, color })
      y -= size * 1.4
      current = ''
    }
    for (const word of words) {
      const next = current ? `${current} ${word}` : word
      if (current && font.widthOfTextAtSize(next, size) > width) flush()
      current = current ? `${current} ${word}` : word
    }
    if (current) flush()
    y -= gap
  }

  line(pv.associationName, { font: bold, size: 14, gap: 2 })
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, color: BLUE, thickness: 1.5 })
  y -= 34
  line(t('elections.pv.title'), { font: bold, size: 20, color: BLUE, gap: 14 })
  line(t('elections.pv.election', { title: p.title }), { font: bold, size: 12 })
  line(t('elections.pv.voting', { opens: paris(pv.votingOpensAt), closes: paris(pv.votingClosesAt) }))
  line(t('elections.pv.seats', { seats: String(p.seats) }))
  line(t('elections.pv.roll', { count: String(p.roll.size) }))
  line(t('elections.pv.counted', { count: String(pv.result.counted) }))
  line(t('elections.pv.blank', { count: String(pv.result.blank) }), { gap: 14 })

  line(t('elections.pv.votes'), { font: bold, size: 12 })
  p.candidates.forEach((c, i) => line(t('elections.pv.candidateVotes', { name: c.name, votes: String(pv.result.votes[i] ?? 0) }), { gap: 2 }))
  y -= 12
  const names = pv.result.elected.map((id) => p.candidates.find((c) => c.id === id)?.name ?? id)
  line(names.length > 0 ? t('elections.pv.elected', { names: names.join(', ') }) : t('elections.pv.noneElected'), { font: bold, gap: 14 })

  line(t('elections.pv.fingerprint'), { font: bold, gap: 2 })
  line(pv.fingerprint, { font: mono, size: 10, gap: 14 })
  line(t('elections.pv.signed', { names: p.trustees.map((tr) => tr.name).join(', ') }))
  line(t('elections.pv.decrypted', { names: pv.decrypting.join(', ') }))
  line(t('elections.pv.publishedAt', { date: paris(pv.publishedAt) }), { gap: 14 })
  line(t('elections.pv.verify'), { size: 9.5, color: MUTED })
  return doc.save()
}
