/**
 * A small ICU MessageFormat subset, enough for the catalogues and cheap enough to run on every render:
 *
 * - `{name}`: the value; numbers with the locale's grouping (« 2 000 »).
 * - `{n, plural, =0 {aucune place} one {# place} other {# places}}`: `=N` first, then the locale's
 *   plural category (`Intl.PluralRules`; French « one » covers 0 and 1), else `other`; `#` is the
 *   number in the locale's format.
 * - `{kind, select, alumni {…} other {…}}`: the branch named by the value, else `other`.
 * - `{n, year}`: a year, never grouped (« 1950 », not « 1 950 »).
 * - `{name, de}`, `{name, à}`, `{name, le}` (French): the name with its article and preposition,
 *   « de l’École… », « du Lycée… », « à l’Amicale… », « le Cercle… » (see `frenchArticle`).
 *
 * Unlike full ICU, apostrophes are plain text: the catalogues write « ’ » and need no quoting.
 * Each template is parsed once and cached (the catalogues are finite, so the cache is bounded).
 */

export type MessageParams = Record<string, string | number>

type Part =
  | string
  | { kind: 'value'; name: string; format: ValueFormat; source: string }
  | { kind: 'plural' | 'select'; name: string; branches: Map<string, Part[]>; source: string }
  | { kind: 'pound' }

type ValueFormat = 'plain' | 'number' | 'year' | 'de' | 'à' | 'le'
const VALUE_FORMATS: ReadonlySet<string> = new Set(['number', 'year', 'de', 'à', 'le'])

export class MessageSyntaxError extends Error {
  override name = 'MessageSyntaxError'
}

/** Parses `template` (throws `MessageSyntaxError` on a malformed one). */
export function parseMessage(template: string): Part[] {
  let at = 0
  const fail = (why: string): never => {
    throw new MessageSyntaxError(`${why} at ${at} in « ${template} »`)
  }
  const identifier = () => {
    const match = /^\s*([\p{L}\w]+)\s*/u.exec(template.slice(at))
    if (!match) fail('name expected')
    at += match![0].length
    return match![1]!
  }

  // Text and arguments up to the `}` closing a branch, or the end. In a branch, `#` is the plural's number (printed as is elsewhere).
  function parts(nested: boolean): Part[] {
    const out: Part[] = []
    let text = ''
    while (at < template.length) {
      const char = template[at]!
      if (char === '}') {
        if (!nested) fail('unmatched }')
        break
      }
      if (char === '#' && nested) {
        if (text) out.push(text)
        text = ''
        out.push({ kind: 'pound' })
        at++
        continue
      }
      if (char !== '{') {
        text += char
        at++
        continue
      }
      if (text) out.push(text)
      text = ''
      out.push(argument())
    }
    if (text) out.push(text)
    return out
  }

  function argument(): Part {
    const start = at
    at++ // {
    const name = identifier()
    if (template[at] === '}') {
      at++
      return { kind: 'value', name, format: 'plain', source: template.slice(start, at) }
    }
    if (template[at] !== ',') fail('« , » or « } » expected')
    at++
    const type = identifier()
    if (template[at] === '}' && VALUE_FORMATS.has(type)) {
      at++
      return { kind: 'value', name, format: type as ValueFormat, source: template.slice(start, at) }
    }
    if (type !== 'plural' && type !== 'select') fail(`unknown format « ${type} »`)
    if (template[at] !== ',') fail('« , » expected')
    at++
    const branches = new Map<string, Part[]>()
    for (;;) {
      const match = /^\s*(=\d+|[\p{L}\w]+)\s*/u.exec(template.slice(at))
      if (!match) break
      at += match[0].length
      if (template[at] !== '{') fail('« { » expected')
      at++
      branches.set(match[1]!, parts(true))
      if (template[at] !== '}') fail('« } » expected')
      at++
    }
    while (template[at] === ' ') at++
    if (template[at] !== '}') fail('« } » expected')
    at++
    if (!branches.has('other')) fail('an « other » branch is required')
    return { kind: type === 'plural' ? 'plural' : 'select', name, branches, source: template.slice(start, at) }
  }

  return parts(false)
}

/** The argument names a template uses, sorted (the catalogue test compares them between languages). */
export function messageArguments(template: string): string[] {
  const names = new Set<string>()
  const walk = (list: Part[]) => {
    for (const part of list) {
      if (typeof part === 'string' || part.kind === 'pound') continue
      names.add(part.name)
      if (part.kind !== 'value') for (const branch of part.branches.values()) walk(branch)
    }
  }
  walk(parseMessage(template))
  return [...names].sort()
}

const parsed = new Map<string, Part[]>()
const numberFormats = new Map<string, Intl.NumberFormat>()
const pluralRules = new Map<string, Intl.PluralRules>()

function numberFormat(intlLocale: string) {
  let format = numberFormats.get(intlLocale)
  if (!format) numberFormats.set(intlLocale, (format = new Intl.NumberFormat(intlLocale)))
  return format
}

function pluralRule(intlLocale: string) {
  let rule = pluralRules.get(intlLocale)
  if (!rule) pluralRules.set(intlLocale, (rule = new Intl.PluralRules(intlLocale)))
  return rule
}

/** Fills `template` for `intlLocale` (« fr-FR », « en-GB »); an argument without its parameter stays as written. */
export function formatMessage(intlLocale: string, template: string, params?: MessageParams): string {
  if (!template.includes('{')) return template
  let message = parsed.get(template)
  if (!message) parsed.set(template, (message = parseMessage(template)))
  const french = intlLocale.startsWith('fr')
  const render = (list: Part[], count: number | null): string => {
    let out = ''
    for (const part of list) {
      if (typeof part === 'string') out += part
      else if (part.kind === 'pound') out += count === null ? '#' : numberFormat(intlLocale).format(count)
      else if (!params || !(part.name in params)) out += part.source
      else {
        const value = params[part.name]!
        if (part.kind === 'value') out += formatValue(intlLocale, french, part.format, value)
        else if (part.kind === 'select') out += render(part.branches.get(String(value)) ?? part.branches.get('other')!, count)
        else {
          const n = Number(value)
          const branch = part.branches.get(`=${n}`) ?? part.branches.get(pluralRule(intlLocale).select(n)) ?? part.branches.get('other')!
          out += render(branch, n)
        }
      }
    }
    return out
  }
  return render(message, null)
}

function formatValue(intlLocale: string, french: boolean, format: ValueFormat, value: string | number): string {
  switch (format) {
    case 'year':
      return typeof value === 'number' ? String(Math.trunc(value)) : value
    case 'de':
    case 'à':
    case 'le':
      return french ? frenchArticle(String(value), format) : String(value)
    default:
      return typeof value === 'number' ? numberFormat(intlLocale).format(value) : value
  }
}

// First words that take « le » / « la » / « les »; other names take « l’ » before a vowel, no article otherwise.
const MASCULINE = new Set(['lycée', 'collège', 'conservatoire', 'centre', 'cercle', 'club', 'groupe', 'pôle', 'campus', 'cours', 'département'])
const FEMININE = new Set(['faculté', 'fondation', 'haute', 'maison', 'société', 'section', 'grande', 'fédération', 'chambre', 'classe', 'prépa'])
const PLURAL = new Set(['arts', 'mines', 'beaux-arts', 'compagnons'])
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüœæ]/i
const CONTRACTED: Record<'de' | 'à', Record<'le' | 'les', string>> = { de: { le: 'du', les: 'des' }, à: { le: 'au', les: 'aux' } }

/**
 * « École supérieure… » → « de l’École supérieure… », « Lycée Ampère » → « du Lycée Ampère »,
 * « Faculté de droit » → « de la Faculté de droit », « Arts et Métiers » → « des Arts et Métiers »,
 * « Sciences Po » → « de Sciences Po »; `le` gives the article alone (« l’Amicale »). A name that already
 * starts with an article keeps it, lower-cased after the preposition (« Le Cercle » → « du Cercle »), so an
 * unusual name can always be written the right way in the setting. `h` is taken as aspirated (« de HEC »).
 */
export function frenchArticle(name: string, preposition: 'de' | 'à' | 'le'): string {
  const trimmed = name.trim()
  const prefixed = /^(l['’]\s*|les\s+|le\s+|la\s+)/i.exec(trimmed)
  let article: 'l’' | 'le' | 'la' | 'les' | '' = ''
  let rest = trimmed
  if (prefixed) {
    const word = prefixed[1]!.trim().toLowerCase()
    article = word === 'le' || word === 'la' || word === 'les' ? word : 'l’'
    rest = trimmed.slice(prefixed[0].length)
  } else {
    const first = trimmed.split(/\s+/)[0]!.toLowerCase()
    if (PLURAL.has(first)) article = 'les'
    else if (FEMININE.has(first)) article = 'la'
    else if (MASCULINE.has(first)) article = 'le'
    else if (VOWEL.test(first)) article = 'l’'
  }
  if (preposition === 'le') return article === 'l’' ? `l’${rest}` : article ? `${article} ${rest}` : rest
  if (article === 'le' || article === 'les') return `${CONTRACTED[preposition][article]} ${rest}`
  if (article === 'l’') return `${preposition} l’${rest}`
  if (article === 'la') return `${preposition} la ${rest}`
  return `${preposition} ${rest}`
}
