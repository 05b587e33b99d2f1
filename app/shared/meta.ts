import type { MetaFunction } from '@remix-run/node'
import { translate, type MessageKey } from '~/i18n'
import type { RootData } from '~/shared/i18n'

/** `<title>` of a page: its name, then the association's, in the reader's language. */
export function titleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === 'root')?.data as RootData | undefined
    const name = root?.settings.associationName ?? 'Amicale'
    return [{ title: `${translate(root?.locale ?? 'fr', key)} — ${name}` }]
  }
}
