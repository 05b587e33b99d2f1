import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RichText } from '../../app/shared/components/rich-text'
import { MAX_MESSAGE_LENGTH, extractMentions, parseRichText, safeHref, toPlainText, type Mentionable } from '../../app/shared/rich-text'

const members: Mentionable[] = [
  { id: 'u-helene', name: 'Hélène Lefèvre' },
  { id: 'u-helene-m', name: 'Hélène Lefèvre-Martin' },
  { id: 'u-jean', name: 'Jean Dupont' },
]

/** The markup inside the wrapper <div>, which every message gets. */
function html(text: string, mentionables = members): string {
  return renderToStaticMarkup(createElement(RichText, { text, mentionables })).replace(/^<div class="rich-text">|<\/div>$/g, '')
}

const rel = 'rel="noopener noreferrer nofollow" target="_blank"'

describe('RichText formatting', () => {
  it('renders bold and both italics, and leaves snake_case and lone markers alone', () => {
    expect(html('Un **gras**, un *italique*, un _autre_ et ***les deux***')).toBe(
      '<p>Un <strong>gras</strong>, un <em>italique</em>, un <em>autre</em> et <strong><em>les deux</em></strong></p>',
    )
    expect(html('ma_variable_longue et 2 * 3 * 4')).toBe('<p>ma_variable_longue et 2 * 3 * 4</p>')
  })

  it('keeps unbalanced markers literal', () => {
    expect(html('**pas fermé')).toBe('<p>**pas fermé</p>')
    expect(html('un ** deux **')).toBe('<p>un ** deux **</p>')
    expect(html('*à moitié et **gras**')).toBe('<p>*à moitié et <strong>gras</strong></p>')
  })

  it('splits paragraphs on blank lines and turns single newlines into line breaks', () => {
    expect(html('Ligne 1\r\nLigne 2\n\n\nParagraphe 2')).toBe('<p>Ligne 1<br/>Ligne 2</p><p>Paragraphe 2</p>')
  })

  it('renders bulleted and numbered lists, with formatting inside items', () => {
    expect(html('À apporter :\n- du **pain**\n* du fromage\n\n1. arriver\n2. [s’inscrire](https://amicale.example/gala)')).toBe(
      '<p>À apporter :</p><ul><li>du <strong>pain</strong></li><li>du fromage</li></ul>' +
        `<ol><li>arriver</li><li><a href="https://amicale.example/gala" ${rel}>s’inscrire</a></li></ol>`,
    )
    expect(html('3. troisième\n4. quatrième')).toBe('<ol start="3"><li>troisième</li><li>quatrième</li></ol>')
    expect(html('-pas une liste\n*italique*')).toBe('<p>-pas une liste<br/><em>italique</em></p>')
  })
})

describe('RichText links', () => {
  it('renders Markdown links, with bold or italics inside the text', () => {
    expect(html('[Le **programme**](https://amicale.example/gala?jour=1&h=2)')).toBe(
      `<p><a href="https://amicale.example/gala?jour=1&amp;h=2" ${rel}>Le <strong>programme</strong></a></p>`,
    )
    expect(html('[écrire](mailto:bureau@amicale.example)')).toBe('<p><a href="mailto:bureau@amicale.example" rel="noopener noreferrer nofollow">écrire</a></p>')
  })

  it('autolinks bare URLs without the punctuation that ends the sentence', () => {
    expect(html('Voir https://amicale.example/a_b. Ou http://x.example/?q=1, non ?')).toBe(
      `<p>Voir <a href="https://amicale.example/a_b" ${rel}>https://amicale.example/a_b</a>. ` +
        `Ou <a href="http://x.example/?q=1" ${rel}>http://x.example/?q=1</a>, non ?</p>`,
    )
    expect(html('(https://x.example/page) !')).toBe(`<p>(<a href="https://x.example/page" ${rel}>https://x.example/page</a>) !</p>`)
    expect(html('https://fr.wikipedia.org/wiki/Lyon_(France)?')).toContain('href="https://fr.wikipedia.org/wiki/Lyon_(France)"')
    expect(html('https:// seul')).toBe('<p>https:// seul</p>')
  })

  it('only lets http, https and mailto targets through', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:x',
      'data:text/html,x',
      '//evil.example',
      '/relatif',
      'ftp://x.example',
      'https://',
    ]) {
      expect(safeHref(href)).toBeNull()
    }
    expect(safeHref('HTTPS://Amicale.Example')).toBe('https://amicale.example/')
  })
})

describe('RichText against HTML injection', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](//evil.example)',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[a"onmouseover="alert(1)](https://ok.example)',
    'https://ok.example/"onmouseover="x',
    '**<script>alert(1)</script>**',
    '- <img src=x onerror=alert(1)>',
  ]

  it.each(attacks)('keeps %s inert', (attack) => {
    const markup = html(attack)
    expect(markup).not.toMatch(/<script/i)
    expect(markup).not.toMatch(/<img/i)
    // The typed text may still read « onerror=… », escaped and visible; no tag may carry it as an attribute.
    expect(markup).not.toMatch(/<[^>]*\bonerror=/i)
    expect(markup).not.toMatch(/<[^>]*\son\w+=/i)
    expect(markup).not.toMatch(/href="javascript:/i)
    expect(markup).not.toMatch(/href="(?!https?:|mailto:)/i)
  })

  it('shows refused links as the text that was typed', () => {
    expect(html('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>')
    expect(html('[x](//evil.example)')).toBe('<p>[x](//evil.example)</p>')
    expect(html('<b>gras</b>')).toBe('<p>&lt;b&gt;gras&lt;/b&gt;</p>')
  })

  it('escapes quotes in link text and stops bare URLs at a quote', () => {
    expect(html('[a"onmouseover="alert(1)](https://ok.example)')).toBe(`<p><a href="https://ok.example/" ${rel}>a&quot;onmouseover=&quot;alert(1)</a></p>`)
    expect(html('https://ok.example/"onmouseover="x')).toBe(`<p><a href="https://ok.example/" ${rel}>https://ok.example/</a>&quot;onmouseover=&quot;x</p>`)
  })
})

describe('mentions', () => {
  it('matches a member’s full name whatever the case and accents, longest name first', () => {
    expect(html('@Hélène Lefèvre merci ! et @helene LEFEVRE-martin, @jean dupont.')).toBe(
      '<p><span class="mention" data-user-id="u-helene">@Hélène Lefèvre</span> merci ! et ' +
        '<span class="mention" data-user-id="u-helene-m">@Hélène Lefèvre-Martin</span>, ' +
        '<span class="mention" data-user-id="u-jean">@Jean Dupont</span>.</p>',
    )
    expect(html('@He\u0301le\u0300ne Lefe\u0300vre !')).toBe('<p><span class="mention" data-user-id="u-helene">@Hélène Lefèvre</span> !</p>')
  })

  it('ignores partial names, e-mail addresses and unknown people', () => {
    expect(html('@Jean Dupontel, @Hélène, jean@Jean Dupont, @Inconnu Total')).toBe('<p>@Jean Dupontel, @Hélène, jean@Jean Dupont, @Inconnu Total</p>')
    expect(html('@Jean Dupont', [])).toBe('<p>@Jean Dupont</p>')
  })

  it('extracts each mentioned user once, in order', () => {
    expect(extractMentions('@Jean Dupont et @Hélène Lefèvre\n- encore @jean dupont\n**@Hélène Lefèvre-Martin**', members)).toEqual([
      'u-jean',
      'u-helene',
      'u-helene-m',
    ])
    expect(extractMentions('[@Jean Dupont](https://x.example) personne', members)).toEqual([])
  })
})

describe('limits and plain text', () => {
  it('truncates input to MAX_MESSAGE_LENGTH characters', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(4000)
    const [block] = parseRichText('a'.repeat(MAX_MESSAGE_LENGTH + 500))
    expect(block).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'a'.repeat(MAX_MESSAGE_LENGTH) }] })
    const emoji = parseRichText('a'.repeat(MAX_MESSAGE_LENGTH - 1) + '😀')
    expect(emoji[0]).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'a'.repeat(MAX_MESSAGE_LENGTH - 1) }] })
  })

  it('stays fast on pathological input', () => {
    const started = performance.now()
    for (const text of ['**'.repeat(2000), '*a'.repeat(2000), '_a '.repeat(1333), '['.repeat(4000), '@'.repeat(4000)])
      parseRichText(text, { mentionables: members })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('removes the markers, keeping link targets for e-mails', () => {
    expect(toPlainText('**Gala** le *12 mai* : [le programme](https://amicale.example/gala), https://x.example\n\n- pain\n- vin\n\n1. un\n2. deux')).toBe(
      'Gala le 12 mai : le programme (https://amicale.example/gala), https://x.example\n\n• pain\n• vin\n\n1. un\n2. deux',
    )
    expect(toPlainText('<b>brut</b> et [x](javascript:alert(1))')).toBe('<b>brut</b> et [x](javascript:alert(1))')
  })

  it('makes one-line previews cut on a word', () => {
    const text = `**Assemblée générale** [lien](https://amicale.example/ag)\n\n- ordre du jour\n- ${'vote des résolutions '.repeat(10)}`
    const preview = toPlainText(text, { maxLength: 120 })
    expect(preview.length).toBeLessThanOrEqual(120)
    expect(preview).toMatch(/^Assemblée générale lien • ordre du jour • vote des résolutions vote .*\S…$/)
    expect(toPlainText('Court\nmessage', { maxLength: 120 })).toBe('Court message')
  })
})
