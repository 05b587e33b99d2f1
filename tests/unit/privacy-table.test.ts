import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { privacyTable } from '../../scripts/privacy-table'
import { privacyRegistry } from '../../app/features/privacy/registry.server'

// README's retention table is the script's output, so the README cannot drift from the registry.
describe('the README’s retention table', () => {
  it('is exactly what scripts/privacy-table.ts prints', () => {
    const readme = fs.readFileSync('README.md', 'utf8')
    const copy = /<!-- privacy-table:start -->\n([\s\S]*?)\n<!-- privacy-table:end -->/.exec(readme)?.[1]
    expect(copy, 'README.md has the privacy-table markers').toBeDefined()
    expect(copy).toBe(privacyTable())
  })

  it('has one row per declared table', () => {
    const rows = privacyTable().split('\n').slice(2)
    expect(rows.map((row) => /^\| `([a-z_]+)`/.exec(row)?.[1]).sort()).toEqual(privacyRegistry.map((e) => e.table).sort())
  })
})
