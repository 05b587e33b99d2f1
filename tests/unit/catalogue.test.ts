/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { en } from '../../app/i18n/en'
import { fr, type MessageKey } from '../../app/i18n/fr'
import { messageArguments, parseMessage } from '../../app/i18n/message-format'

/**
 * The catalogues as a reader meets them: every key in both languages, no « (s) » standing in for a plural,
 * no French left in the English one, and ICU messages that parse with the same arguments on both sides.
 */

type Catalogue = Record<string, string>
const keys = Object.keys(fr) as MessageKey[]

// Every area's pair of catalogues, found on disk: a new area is checked without being listed here.
const areaModules = import.meta.glob<Record<string, Catalogue>>('../../app/features/*/i18n.{fr,en}.ts', { eager: true })
const areas = new Map<string, { fr?: Catalogue; en?: Catalogue }>()
for (const [file, module] of Object.entries(areaModules)) {
  const [, area, language] = /features\/([^/]+)\/i18n\.(fr|en)\.ts$/.exec(file)!
  const exported = Object.values(module)
  expect(exported, `${file} exports one catalogue`).toHaveLength(1)
  areas.set(area!, { ...areas.get(area!), [language!]: exported[0] })
}

/** Words that give French away in an English sentence (whole words, any case). */
const FRENCH_WORDS = [
  'le',
  'la',
  'les',
  'des',
  'du',
  'au',
  'aux',
  'une',
  'un',
  'et',
  'est',
  'sont',
  'vous',
  'votre',
  'vos',
  'nous',
  'notre',
  'pour',
  'avec',
  'dans',
  'sur',
  'pas',
  'qui',
  'que',
  'ou',
  'mon',
  'mes',
  'ma',
  'ce',
  'cette',
  'ces',
  'aucun',
  'aucune',
  'depuis',
  'jusqu',
  'membres',
  'adhérent',
  'cotisation',
  'inscrit',
  'inscription',
  'promotion',
  'événement',
  'événements',
  'offres',
  'mot',
  'passe',
]
const FRENCH_WORD = new RegExp(`(?<![\\p{L}'’-])(?:${FRENCH_WORDS.join('|')})(?![\\p{L}'’-])`, 'iu')
/** Letters and marks English does not use (« Français », the language switch, is allowed below). */
const FRENCH_CHARACTERS = /[éèêëàâçùûüôîïœæ«»]/i

/**
 * Proper nouns and names that stay French in English, removed before the checks: the language's own name,
 * the page paths members type, the cities given as examples of spelling. Keep it short: anything else is a missing translation.
 */
const PROPER_NOUNS = [/Français/g, /Saint-Étienne/g, /Genève/g, /\/[a-z0-9/._-]+/g]

/** The text a reader sees, without argument names (`{promotion}` is not French prose) and allowed proper nouns. */
function prose(template: string): string {
  let text = template.replace(/\{\s*[\p{L}\w]+\s*(?:,\s*[\p{L}\w]+\s*)?\}/gu, ' ')
  text = text.replace(/\{\s*[\p{L}\w]+\s*,\s*(?:plural|select)\s*,/gu, ' ').replace(/(=\d+|[\p{L}\w]+)\s*\{/gu, ' {')
  for (const noun of PROPER_NOUNS) text = text.replace(noun, ' ')
  return text
}

describe('catalogues', () => {
  it('have the same keys in French and English, both ways', () => {
    expect(keys.filter((key) => !(key in en))).toEqual([])
    expect(Object.keys(en).filter((key) => !(key in fr))).toEqual([])
  })

  it('pair every area catalogue with its translation, and put both in the site’s catalogues', () => {
    expect(areas.size).toBeGreaterThanOrEqual(5)
    for (const [area, pair] of areas) {
      expect(pair.fr, `${area}: i18n.fr.ts`).toBeDefined()
      expect(pair.en, `${area}: i18n.en.ts`).toBeDefined()
      const frKeys = Object.keys(pair.fr!)
      const enKeys = Object.keys(pair.en!)
      expect(
        frKeys.filter((key) => !enKeys.includes(key)),
        `${area}: missing in English`,
      ).toEqual([])
      expect(
        enKeys.filter((key) => !frKeys.includes(key)),
        `${area}: missing in French`,
      ).toEqual([])
      expect(
        frKeys.filter((key) => (fr as Catalogue)[key] !== pair.fr![key]),
        `${area}: not (or not last) in app/i18n/fr.ts`,
      ).toEqual([])
      expect(
        enKeys.filter((key) => (en as Catalogue)[key] !== pair.en![key]),
        `${area}: not (or not last) in app/i18n/en.ts`,
      ).toEqual([])
    }
  })

  it('write plurals as ICU messages, never « (s) »', () => {
    const lazy = [...Object.entries(fr), ...Object.entries(en)].filter(([, text]) => /\((?:s|es|x|e|e\)s|ne)\)/i.test(text))
    expect(lazy.map(([key, text]) => `${key}: ${text}`)).toEqual([])
  })

  it('parse as ICU messages, with the same arguments in both languages', () => {
    const broken: string[] = []
    for (const key of keys) {
      for (const [language, catalogue] of [
        ['fr', fr],
        ['en', en],
      ] as const) {
        try {
          parseMessage(catalogue[key])
        } catch (error) {
          broken.push(`${language} ${key}: ${(error as Error).message}`)
        }
      }
    }
    expect(broken).toEqual([])
    const mismatched = keys.filter((key) => messageArguments(fr[key]).join() !== messageArguments(en[key]).join())
    expect(mismatched.map((key) => `${key}: fr {${messageArguments(fr[key]).join(', ')}} / en {${messageArguments(en[key]).join(', ')}}`)).toEqual([])
  })

  it('count with a « one » form wherever a French message has a plural', () => {
    // French « one » covers 0 and 1: without it, « 0 membres » or « 1 places » would be printed.
    const missing = keys.filter((key) => /\{\s*\w+\s*,\s*plural\s*,/.test(fr[key]) && !/\bone\s*\{/.test(fr[key]))
    expect(missing).toEqual([])
  })

  it('keep French out of the English catalogue', () => {
    const french = keys
      .map((key) => ({ key, text: prose(en[key]) }))
      .filter(({ text }) => FRENCH_CHARACTERS.test(text) || FRENCH_WORD.test(text))
      .map(({ key, text }) => `${key}: ${en[key]}  ← ${(FRENCH_CHARACTERS.exec(text) ?? FRENCH_WORD.exec(text))![0]}`)
    expect(french).toEqual([])
  })
})

describe('the checks themselves', () => {
  it('catch French in an English text, and leave English alone', () => {
    const flagged = (text: string) => FRENCH_CHARACTERS.test(prose(text)) || FRENCH_WORD.test(prose(text))
    expect(flagged('Votre compte est créé')).toBe(true)
    expect(flagged('Sign up pour the gala')).toBe(true)
    expect(flagged('« Quoted »')).toBe(true)
    expect(flagged('{count, plural, one {# member} other {# members}} in {city}')).toBe(false)
    expect(flagged('Class of {promotion, year}: see /annuaire')).toBe(false)
    expect(flagged('Français')).toBe(false)
    expect(flagged('The association’s forum, live.')).toBe(false)
  })
})
