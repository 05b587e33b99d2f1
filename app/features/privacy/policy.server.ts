import { privacyRegistry } from '~/features/privacy/registry.server'
import {
  describedRetention,
  PRIVACY_CATEGORIES,
  type LegalBasis,
  type PrivacyCategory,
  type PrivacyEntry,
  type Recipient,
  type Retention,
} from '~/features/privacy/schema'
import type { MessageKey } from '~/i18n'

export interface PolicyItem {
  table: string
  data: MessageKey
  retention: Retention[]
  /** What erasure keeps, pseudonymised, and why (payments: accounting records). */
  keptReasons: MessageKey[]
}
export interface PolicyCategory {
  category: PrivacyCategory
  items: PolicyItem[]
  purposes: { purpose: MessageKey; basis: LegalBasis }[]
  recipients: Recipient[]
}

const unique = <T>(values: T[], key: (v: T) => string = String) => [...new Map(values.map((v) => [key(v), v])).values()]

/**
 * The privacy policy as data, read from the registry: one section per category that has
 * tables, in the registry's order of categories. /confidentialite renders it; nothing in it is
 * written by hand, so a new declaration appears in the policy by itself.
 */
export function privacyPolicy(entries: readonly PrivacyEntry[] = privacyRegistry): PolicyCategory[] {
  return PRIVACY_CATEGORIES.map((category) => {
    const inCategory = entries.filter((e) => e.category === category)
    return {
      category,
      items: inCategory.map((e) => ({
        table: e.table,
        data: e.data,
        retention: e.retention.map(describedRetention),
        keptReasons: unique(e.people.flatMap((l) => (l.erase.action === 'pseudonymise' ? [l.erase.reason] : []))),
      })),
      purposes: unique(
        inCategory.map((e) => ({ purpose: e.purpose, basis: e.legalBasis })),
        (p) => `${p.purpose}|${p.basis}`,
      ),
      recipients: unique(inCategory.flatMap((e) => [...e.recipients])),
    }
  }).filter((c) => c.items.length > 0)
}
