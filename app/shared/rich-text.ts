// Chat and forum messages: plain text, links and a small safe Markdown subset, parsed to plain data and never to HTML
// (the component only builds React elements, so nothing can inject markup); the same parse feeds mentions and previews.
import { foldText, foldWithOffsets } from '../../search/normalize'

export const MAX_MESSAGE_LENGTH = 4000

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'mention'; userId: string; name: string }
  | { type: 'br' }

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }

export type Mentionable = { id: string; name: string }
/** What may still open at this depth, which bounds nesting to link > strong > em; `links` covers mentions too. */
type Allowed = { strong: boolean; em: boolean; links: boolean }
type Candidate = Mentionable & { folded: string }

const BULLET = /^ {0,3}[-*] +(\S.*)$/
const NUMBERED = /^ {0,3}(\d{1,3})\. +(\S.*)$/
// One level of parentheses in the target: Wikipedia URLs work, and `javascript:alert(1)` is seen whole, then refused.
const LINK = /\[([^[\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/y
const BARE_URL = /https?:\/\/[^\s<>"]+/iy
const WORD = /[\p{L}\p{N}_]/u

/** Only absolute http(s) and mailto targets survive (not relative, not `//host`); the normalised href encodes quotes. */
export function safeHref(raw: string): string | null {
  const url = /^(https?:\/\/|mailto:)/i.test(raw) ? toUrl(raw) : null
  if (url?.protocol === 'mailto:') return url.pathname ? url.href : null
  return (url?.protocol === 'http:' || url?.protocol === 'https:') && url.hostname ? url.href : null
}

export function parseRichText(text: string, options: { mentionables?: Mentionable[] } = {}): Block[] {
  // Pages parse the same messages on every request: the blocks (never mutated) are kept, at most
  // 2,000 texts, then started afresh.
  const key = `${(options.mentionables ?? []).map((m) => `${m.id}\u0000${m.name}`).join('\u0001')}\u0002${text}`
  let blocks = parsed.get(key)
  if (!blocks) {
    if (parsed.size >= 2000) parsed.clear()
    parsed.set(key, (blocks = parseNow(text, options.mentionables ?? [])))
  }
  return blocks
}
const parsed = new Map<string, Block[]>()

function parseNow(text: string, mentionables: Mentionable[]): Block[] {
  const candidates = prepareMentions(mentionables)
  const inline = (source: string) => parseInline(source, { strong: true, em: true, links: true }, candidates)
  const blocks: Block[] = []
  let paragraph: string[] = []
  let list: Extract<Block, { type: 'list' }> | null = null
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: inline(paragraph.join('\n')) })
    if (list) blocks.push(list)
    paragraph = []
    list = null
  }
  for (const line of clamp(text).replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line)
    const numbered = bullet ? null : NUMBERED.exec(line)
    if (bullet || numbered) {
      if (paragraph.length || (list && list.ordered !== !!numbered)) flush()
      list ??= { type: 'list', ordered: !!numbered, start: numbered ? Number(numbered[1]) : 1, items: [] }
      list.items.push(inline(bullet ? bullet[1] : numbered![2]))
    } else {
      if (list || line.trim() === '') flush()
      if (line.trim()) paragraph.push(line.trimEnd())
    }
  }
  flush()
  return blocks
}

/** User ids of everyone mentioned, once each, in order of first mention. */
export function extractMentions(text: string, mentionables: Mentionable[]): string[] {
  const ids = new Set<string>()
  const walk = (nodes: Inline[]): void => nodes.forEach((node) => (node.type === 'mention' ? ids.add(node.userId) : 'children' in node && walk(node.children)))
  parseRichText(text, { mentionables }).forEach((block) => (block.type === 'list' ? block.items : [block.children]).forEach(walk))
  return [...ids]
}

/**
 * Markers removed, for e-mail bodies (links keep their target in parentheses) or, with maxLength,
 * a one-line preview cut at a word boundary (link targets dropped, they'd eat the preview).
 */
export function toPlainText(text: string, options: { maxLength?: number } = {}): string {
  const preview = options.maxLength !== undefined
  const inline = (nodes: Inline[]): string => nodes.map(plainNode).join('')
  const plainNode = (node: Inline): string => {
    if (!('children' in node)) return node.type === 'br' ? '\n' : node.type === 'mention' ? `@${node.name}` : node.text
    const label = inline(node.children)
    return node.type === 'link' && !preview && toUrl(label)?.href !== node.href ? `${label} (${node.href})` : label
  }
  const plain = parseRichText(text).map((b) =>
    b.type === 'list' ? b.items.map((item, i) => `${b.ordered ? `${b.start + i}.` : '•'} ${inline(item)}`).join('\n') : inline(b.children),
  )
  if (!preview) return plain.join('\n\n')
  const line = plain.join(' ').replace(/\s+/g, ' ').trim()
  const max = Math.max(1, options.maxLength!)
  const cut = line.slice(0, max - 1)
  const space = cut.lastIndexOf(' ') // end on a whole word unless that loses more than half
  return line.length <= max ? line : `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** Defensive: callers should refuse longer messages. Don't leave half an emoji at the end. */
function clamp(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : text.slice(0, MAX_MESSAGE_LENGTH).replace(/[\uD800-\uDBFF]$/, '')
}

/** URL.canParse is too recent for the browsers members still use. */
function toUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

function prepareMentions(mentionables: Mentionable[]): Candidate[] {
  return mentionables
    .map((m) => ({ ...m, folded: foldText(m.name).replace(/\s+/g, ' ').trim() }))
    .filter((m) => m.folded)
    .sort((a, b) => b.folded.length - a.folded.length) // longest first, so « Marie Curie-Sklodowska » beats « Marie Curie »
}

function parseInline(src: string, allowed: Allowed, candidates: Candidate[]): Inline[] {
  const out: Inline[] = []
  const unclosed = new Set<string>()
  for (let i = 0; i < src.length;) {
    const [node, next] = inlineAt(src, i, allowed, candidates, unclosed) ?? [src[i], i + 1]
    const last = out[out.length - 1]
    if (typeof node !== 'string') out.push(node)
    else if (last?.type === 'text') last.text += node
    else out.push({ type: 'text', text: node })
    i = next
  }
  return out
}

/** The construct starting at i, as a node or as literal text, and where it ends; null for an ordinary character. */
function inlineAt(src: string, i: number, allowed: Allowed, candidates: Candidate[], unclosed: Set<string>): [Inline | string, number] | null {
  const ch = src[i]
  const afterWord = i > 0 && WORD.test(src[i - 1])
  const inner = (text: string, off: Partial<Allowed>) => parseInline(text, { ...allowed, ...off }, candidates)
  if (ch === '\n') return [{ type: 'br' }, i + 1]
  if (ch === '[' && allowed.links) {
    LINK.lastIndex = i
    const match = LINK.exec(src)
    const href = match && safeHref(match[2])
    // A refused target leaves the whole construct as literal text, with nothing autolinked inside.
    if (match) return [href ? { type: 'link', href, children: inner(match[1], { links: false }) } : match[0], i + match[0].length]
  }
  if ((ch === 'h' || ch === 'H') && allowed.links && !afterWord) {
    BARE_URL.lastIndex = i
    const url = trimUrl(BARE_URL.exec(src)?.[0] ?? '')
    const href = url && safeHref(url)
    if (href) return [{ type: 'link', href, children: [{ type: 'text', text: url }] }, i + url.length]
  }
  if (ch === '@' && allowed.links && !afterWord && candidates.length && /\p{L}/u.test(src[i + 1] ?? '')) {
    const mention = matchMention(src, i + 1, candidates)
    if (mention) return [{ type: 'mention', userId: mention.id, name: mention.name }, mention.end]
  }
  if (ch === '*' && src[i + 1] === '*' && allowed.strong) {
    const end = findClose(src, i + 2, '**', unclosed)
    // Unbalanced: literal, and the second star must not open an italic either.
    return end === -1 ? ['**', i + 2] : [{ type: 'strong', children: inner(src.slice(i + 2, end), { strong: false }) }, end + 2]
  }
  if ((ch === '*' || (ch === '_' && !afterWord)) && allowed.em) {
    const end = findClose(src, i + 1, ch, unclosed)
    if (end !== -1) return [{ type: 'em', children: inner(src.slice(i + 1, end), { em: false }) }, end + 1]
  }
  return null
}

/** Trailing punctuation ends the sentence, not the URL; a `)` stays if it closes a `(` of the URL. */
function trimUrl(url: string): string {
  while (/[.,)!?;:]$/.test(url)) {
    if (url.endsWith(')') && url.split('(').length >= url.split(')').length) break
    url = url.slice(0, -1)
  }
  return /^https?:\/\/$/i.test(url) ? '' : url
}

/** Index of the closing marker; content can't start or end with a space, so « 2 * 3 * 4 » stays literal. */
function findClose(src: string, from: number, marker: '**' | '*' | '_', unclosed: Set<string>): number {
  if (/\s/.test(src[from] ?? ' ') || unclosed.has(marker)) return -1
  for (let j = src.indexOf(marker, from + 1); j !== -1; j = src.indexOf(marker, j + 1)) {
    if (marker === '**')
      while (src[j + 2] === '*') j++ // « ***x*** »: the italic sits inside the bold
    else if (marker === '*' && (src[j - 1] === '*' || src[j + 1] === '*'))
      continue // part of a `**`
    else if (marker === '_' && WORD.test(src[j + 1] ?? '')) continue // snake_case_words aren't italics
    if (!/\s/.test(src[j - 1])) return j
  }
  unclosed.add(marker) // no closer after this opener means none after later ones either: keeps « *****… » linear
  return -1
}

/** Case- and accent-insensitive match of a full name after `@`, ending at a word boundary. */
function matchMention(src: string, from: number, candidates: Candidate[]): (Candidate & { end: number }) | null {
  const window = src.slice(from, from + candidates[0].folded.length * 3 + 8) // room for accents typed decomposed
  const { folded, ends } = foldWithOffsets(window)
  const match = candidates.find((c) => folded.startsWith(c.folded) && !/[\p{L}\p{N}]/u.test(folded[c.folded.length] ?? ''))
  if (!match) return null
  let end = ends[match.folded.length - 1]
  while (/\p{M}/u.test(window[end] ?? '')) end++ // accents typed decomposed belong to the name's last letter
  return { ...match, end: from + end }
}
