import { z } from 'zod'
import { MAX_MESSAGE_LENGTH } from '~/shared/rich-text'

// The terms of use (« Conditions d'utilisation ») as a document: browser-safe. The text is the
// site's safe Markdown subset (paragraphs, lists, bold, italics, links) plus numbered headings,
// one per clause: « ## 4. Respect des membres », « ### 4.2 Harcèlement ». Every part is parsed to
// plain data, never to HTML. A clause keeps its number from version to version so that a decision
// can cite « article 4.2 » and link to it (`clauseHref`).

export const TERMS_BODY_MAX = 60_000
export const TERMS_SUMMARY_MAX = 2_000
/** How far ahead a new version may be dated. */
export const TERMS_MAX_DAYS_AHEAD = 366
/** The checkbox of the sign-up and Cotiser forms. */
export const TERMS_ACCEPT_FIELD = 'acceptTerms'

export interface Clause {
  /** « 4 » or « 4.2 ». */
  number: string
  title: string
  /** 1 for « ## 4. », 2 for « ### 4.2 ». */
  level: 1 | 2
}

export interface ClauseSection extends Clause {
  anchor: string
  /** The clause's text in the safe subset, for `RichText` (which parses it to plain data, never HTML). */
  text: string
}

export interface TermsDocument {
  /** What comes before the first clause. */
  preamble: string
  clauses: ClauseSection[]
}

const HEADING = /^(#{2,3}) +(\d{1,2}(?:\.\d{1,2})?)\.? +(\S.*)$/
const ANY_HEADING = /^ {0,3}#{1,6}(?: |$)/
const CLAUSE_NUMBER = /^\d{1,2}(?:\.\d{1,2})?$/

/** The anchor of a clause on the page of its version: `article-4-2`. */
export function clauseAnchor(clause: string): string {
  return `article-${clause.replace(/\./g, '-')}`
}

/** The link to a clause of a version: `/cgu/3#article-4-2` (a version's page never changes). */
export function clauseHref(version: number, clause: string): string {
  return CLAUSE_NUMBER.test(clause) ? `/cgu/${version}#${clauseAnchor(clause)}` : `/cgu/${version}`
}

function headingOf(line: string): Clause | null {
  const match = HEADING.exec(line.trim())
  if (!match) return null
  const level = match[1].length === 2 ? 1 : 2
  // « ## 4.2 x » is a level-1 heading written with a sub-number: the number decides.
  const number = match[2]
  return { number, title: match[3].trim(), level: number.includes('.') || level === 2 ? 2 : 1 }
}

function splitSections(body: string): { preamble: string; sections: (Clause & { text: string })[] } {
  const sections: (Clause & { text: string })[] = []
  const preamble: string[] = []
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = headingOf(line)
    if (heading) sections.push({ ...heading, text: '' })
    else if (sections.length) sections[sections.length - 1].text += `${line}\n`
    else preamble.push(line)
  }
  return { preamble: preamble.join('\n'), sections }
}

/** The clauses, numbers and titles, in order: for the report form's « clause » list and the desk. */
export function clausesOf(body: string): Clause[] {
  return splitSections(body).sections.map(({ number, title, level }) => ({ number, title, level }))
}

/** The whole document cut at its numbered headings, for the page. */
export function parseTermsDocument(body: string): TermsDocument {
  const { preamble, sections } = splitSections(body)
  return { preamble: preamble.trim(), clauses: sections.map((section) => ({ ...section, text: section.text.trim(), anchor: clauseAnchor(section.number) })) }
}

export type TermsProblem =
  | { key: 'terms.error.noClause' }
  | { key: 'terms.error.headingNumber'; params: { line: string } }
  | { key: 'terms.error.duplicateClause'; params: { clause: string } }
  | { key: 'terms.error.clauseParent'; params: { clause: string } }
  | { key: 'terms.error.sectionTooLong'; params: { clause: string; max: number } }

/** What would make a published text unreadable or its clauses uncitable; empty when it is fine. */
export function termsProblems(body: string): TermsProblem[] {
  const problems: TermsProblem[] = []
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (ANY_HEADING.test(line) && !headingOf(line)) problems.push({ key: 'terms.error.headingNumber', params: { line: line.trim().slice(0, 80) } })
  }
  const { preamble, sections } = splitSections(body)
  if (sections.length === 0) problems.push({ key: 'terms.error.noClause' })
  const seen = new Set<string>()
  let parent: string | null = null
  for (const section of sections) {
    if (seen.has(section.number)) problems.push({ key: 'terms.error.duplicateClause', params: { clause: section.number } })
    seen.add(section.number)
    if (section.level === 1) parent = section.number
    else if (section.number.split('.')[0] !== parent) problems.push({ key: 'terms.error.clauseParent', params: { clause: section.number } })
    // Each part goes through the rich-text parser, which reads at most this much.
    if (section.text.length > MAX_MESSAGE_LENGTH) {
      problems.push({ key: 'terms.error.sectionTooLong', params: { clause: section.number, max: MAX_MESSAGE_LENGTH } })
    }
  }
  if (preamble.length > MAX_MESSAGE_LENGTH) problems.push({ key: 'terms.error.sectionTooLong', params: { clause: '0', max: MAX_MESSAGE_LENGTH } })
  return problems
}

/** The webmasters' form (/admin/cgu): `intent` preview shows the text as members will read it, publish records it. */
export const termsPublishForm = z.object({
  intent: z.enum(['preview', 'publish'], { errorMap: () => ({ message: 'error.required' }) }),
  body: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(TERMS_BODY_MAX, 'error.tooLong'),
  summary: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(TERMS_SUMMARY_MAX, 'error.tooLong'),
  effectiveOn: z.string({ required_error: 'terms.error.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'terms.error.date'),
})
