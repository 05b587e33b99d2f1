import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeRosterBytes, detectSeparator, mapHeader, parseCsv, readRosterFile, splitDiplomas } from '../../app/features/roster/roster-csv.server'

// Reading the school's list as offices export it (issue #17): the bytes' encoding, the
// separator, RFC 4180 quoting, the header's French and English names, diplomas in one cell.

/** Text as Excel's « CSV (séparateur point-virgule) » writes it on a French Windows. */
function windows1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, œ: 0x9c, Œ: 0x8c, '—': 0x97, '–': 0x96, Ÿ: 0x9f }
  return Uint8Array.from([...text].map((c) => extra[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)))
}
const utf8 = (text: string, bom = false) => new Uint8Array(Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8'))

describe('decoding', () => {
  it('reads Windows-1252, its 0x80–0x9F range included (’ œ € —)', () => {
    const decoded = decodeRosterBytes(windows1252('Nom;Prénom\r\nD’Almeida;Œuvray — 10 €'))
    expect(decoded).toMatchObject({ encoding: 'windows-1252', bom: false, text: 'Nom;Prénom\r\nD’Almeida;Œuvray — 10 €' })
  })

  it('reads UTF-8 with or without its BOM, and UTF-16 with its BOM', () => {
    expect(decodeRosterBytes(utf8('Nom,Prénom\nLefèvre,Hélène', true))).toMatchObject({ encoding: 'utf-8', bom: true, text: 'Nom,Prénom\nLefèvre,Hélène' })
    expect(decodeRosterBytes(utf8('Nom,Prénom\nLefèvre,Hélène'))).toMatchObject({ encoding: 'utf-8', bom: false })
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('Nom\tPrénom', 'utf16le')])
    expect(decodeRosterBytes(utf16)).toMatchObject({ encoding: 'utf-16le', text: 'Nom\tPrénom' })
  })

  it('decides by UTF-8 validity: a Windows-1252 « é » is one byte that UTF-8 refuses', () => {
    expect(decodeRosterBytes(windows1252('Hélène'))).toMatchObject({ encoding: 'windows-1252', text: 'Hélène' })
    // Pure ASCII is valid UTF-8, and the same text in both.
    expect(decodeRosterBytes(utf8('Martin;Pierre'))).toMatchObject({ encoding: 'utf-8' })
  })

  it('refuses what is not text, saying what it is', () => {
    expect(decodeRosterBytes(new Uint8Array(Buffer.from('%PDF-1.7\n%âãÏÓ')))).toEqual({ error: 'notCsv', kind: 'pdf' })
    expect(decodeRosterBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({ error: 'notCsv', kind: 'spreadsheet' })
    expect(decodeRosterBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({ error: 'notCsv', kind: 'spreadsheet' })
    expect(decodeRosterBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toEqual({ error: 'notCsv', kind: 'image' })
    expect(decodeRosterBytes(new Uint8Array([0x4e, 0x6f, 0x6d, 0x00, 0x3b]))).toEqual({ error: 'notCsv', kind: 'binary' })
    expect(decodeRosterBytes(new Uint8Array(Array.from({ length: 200 }, (_, i) => (i * 7) % 32 || 1)))).toEqual({ error: 'notCsv', kind: 'binary' })
  })
})

describe('the separator', () => {
  it('is counted in the header line, outside quotes; a tie goes to « ; »', () => {
    expect(detectSeparator('Nom;Prénom;Promotion\nA,B;C')).toBe(';')
    expect(detectSeparator('Last name,First name,Class\n;;;;;')).toBe(',')
    expect(detectSeparator('"Nom; de famille",Prénom,Promo')).toBe(',')
    expect(detectSeparator('Nom\tPrénom\tPromotion')).toBe('\t')
    expect(detectSeparator('Nom')).toBe(';')
    expect(detectSeparator('Nom,Prénom;Promo')).toBe(';')
  })
})

describe('RFC 4180 records', () => {
  const records = (text: string, sep: ';' | ',' = ';') => [...parseCsv(text, sep)]

  it('keeps separators, line breaks and doubled quotes inside quotes, and numbers records', () => {
    expect(records('a;"b;c";"d ""e"""\r\n"f\ng";h\n')).toEqual([
      { line: 1, fields: ['a', 'b;c', 'd "e"'] },
      { line: 2, fields: ['f\ng', 'h'] },
    ])
    expect(records('a,b\rc,d', ',')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ])
    expect(records('a;;\n;')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: ['', ''] },
    ])
  })

  it('round-trips any table written with RFC 4180 quoting (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ';', ',', '"', '\n', '\r\n', 'x') })
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (table) => {
        const text = table.map((row) => row.map((c) => `"${c.replace(/"/g, '""')}"`).join(';')).join('\r\n')
        expect(records(text).map((r) => r.fields)).toEqual(table)
      }),
    )
  })
})

describe('the header', () => {
  it('understands French and English names, accents, case and punctuation forgiven', () => {
    expect(mapHeader(['NOM', 'Prénom', 'Promo', 'Diplôme(s)', 'E-mail', 'Matricule', 'Nom de naissance']).columns).toEqual({
      lastName: 0,
      firstName: 1,
      promotion: 2,
      diplomas: 3,
      email: 4,
      schoolId: 5,
      birthName: 6,
    })
    expect(mapHeader(['Last Name', 'first_name', 'Graduation year', 'Degrees', 'Email address', 'Student ID', 'Birth name']).columns).toEqual({
      lastName: 0,
      firstName: 1,
      promotion: 2,
      diplomas: 3,
      email: 4,
      schoolId: 5,
      birthName: 6,
    })
    expect(mapHeader(['Surname', 'Given name', 'Class', 'Courriel', 'Année']).columns).toEqual({ lastName: 0, firstName: 1, promotion: 2, email: 3 })
  })

  it('sets aside the columns it does not know, and the second of two columns for the same thing', () => {
    expect(mapHeader(['Nom', 'Téléphone', 'Prénom', 'Mail', 'Email'])).toEqual({
      columns: { lastName: 0, firstName: 2, email: 3 },
      ignored: ['Téléphone', 'Email'],
    })
  })
})

describe('diplomas in one cell', () => {
  it('splits on « | » and « / », and on « ; » only when the file is comma-separated', () => {
    expect(splitDiplomas('Diplôme d’ingénieur — Informatique | Master Science des données', ';')).toEqual([
      'Diplôme d’ingénieur — Informatique',
      'Master Science des données',
    ])
    expect(splitDiplomas('Ingénieur / Mastère', ';')).toEqual(['Ingénieur', 'Mastère'])
    expect(splitDiplomas('Ingénieur;Mastère', ',')).toEqual(['Ingénieur', 'Mastère'])
    expect(splitDiplomas('Master, parcours Énergie', ',')).toEqual(['Master, parcours Énergie'])
    expect(splitDiplomas('A/B | A/B |  | ', ';')).toEqual(['A/B'])
    expect(splitDiplomas('', ';')).toEqual([])
  })
})

describe('readRosterFile', () => {
  it('reads a Windows-1252 file with « ; », its header in French, and skips blank lines', () => {
    const read = readRosterFile(
      windows1252('Nom;Prénom;Promotion;Diplômes;E-mail\r\nD’Almeida;Chloé;2012;Ingénieur | Mastère;C.Dalmeida@Exemple.fr\r\n;;;;\r\nŒuvray;Loïc;2015;;\r\n'),
    )
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.file).toMatchObject({ encoding: 'windows-1252', separator: ';', columns: ['lastName', 'firstName', 'promotion', 'diplomas', 'email'] })
    expect(read.file.rows).toEqual([
      {
        line: 2,
        cells: {
          lastName: 'D’Almeida',
          firstName: 'Chloé',
          birthName: '',
          promotion: '2012',
          diplomas: 'Ingénieur | Mastère',
          email: 'C.Dalmeida@Exemple.fr',
          schoolId: '',
        },
      },
      { line: 4, cells: { lastName: 'Œuvray', firstName: 'Loïc', birthName: '', promotion: '2015', diplomas: '', email: '', schoolId: '' } },
    ])
  })

  it('reads UTF-8 with a BOM, « , », an English header and Excel’s « sep= » line', () => {
    const read = readRosterFile(utf8('sep=,\nLast name,First name,Class,Notes\n"Martin, Jr",Paul,2001,"a ""quoted"" note"\n', true))
    expect(read).toMatchObject({ ok: true, file: { encoding: 'utf-8', bom: true, separator: ',', ignoredColumns: ['Notes'] } })
    if (read.ok) expect(read.file.rows).toEqual([{ line: 3, cells: expect.objectContaining({ lastName: 'Martin, Jr', firstName: 'Paul', promotion: '2001' }) }])
  })

  it('says which required columns are missing, and what it read instead', () => {
    expect(readRosterFile(utf8('Name;Surname;Year\nA;B;2000'))).toEqual({
      ok: false,
      error: 'missingColumns',
      missing: ['firstName'],
      found: ['Name', 'Surname', 'Year'],
    })
    expect(readRosterFile(utf8('\n\n'))).toEqual({ ok: false, error: 'empty' })
    expect(readRosterFile(utf8('Nom;Prénom;Promo\n"Martin;Pierre;2000\n'))).toEqual({ ok: false, error: 'unclosedQuote', line: 2 })
  })

  it('refuses more than 50,000 rows and more than 10 MB', () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => `N${i};P;2000`).join('\n')
    expect(readRosterFile(utf8(`Nom;Prénom;Promo\n${rows}`))).toEqual({ ok: false, error: 'tooManyRows', max: 50_000 })
    expect(readRosterFile(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41))).toEqual({ ok: false, error: 'tooLarge' })
  })
})
