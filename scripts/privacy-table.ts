// `npx tsx scripts/privacy-table.ts`: the README's retention table, printed from the privacy
// registry (issue #16). tests/unit/privacy-table.test.ts checks that README.md holds exactly this.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { privacyRegistry } from '../app/features/privacy/registry.server'
import { CATEGORY_KEYS, PRIVACY_CATEGORIES, retentionText, type LegalBasis } from '../app/features/privacy/schema'
import { translator } from '../app/i18n'

/** The legal bases in a word, for a table (the policy says them in full). */
const BASIS: Record<LegalBasis, string> = {
  contract: 'contrat',
  consent: 'consentement',
  legalObligation: 'obligation légale',
  legitimateInterest: 'intérêt légitime',
}

/** The Markdown table, in French, tables grouped by category in the policy's order. */
export function privacyTable(): string {
  const t = translator('fr')
  const lines = ['| Table | Catégorie | Base légale | Conservation | Appliquée par la tâche quotidienne |', '| --- | --- | --- | --- | --- |']
  for (const category of PRIVACY_CATEGORIES) {
    for (const entry of privacyRegistry.filter((e) => e.category === category)) {
      const retention = entry.retention.map((rule) => retentionText(t, rule)).join(' ; ')
      const daily = entry.retention.some((rule) => rule.purge) ? 'oui' : 'non'
      lines.push(`| \`${entry.table}\` | ${t(CATEGORY_KEYS[category])} | ${BASIS[entry.legalBasis]} | ${retention} | ${daily} |`)
    }
  }
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) console.log(privacyTable())
