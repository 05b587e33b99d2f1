import type { MetaFunction } from '@remix-run/node'
import { translate, type MessageKey } from '~/i18n'
import type { RootData } from '~/shared/i18n'

/**
 * `<title>` of a page: its name, then the association's, in the reader's language. A route's meta
 * replaces its parents', so the site's description (root) is carried over: every page has one.
 */
export function titleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const rootMatch = matches.find((m) => m.id === 'root')
    const root = rootMatch?.data as RootData | undefined
    const name = root?.settings.associationName ?? 'Amicale'
    const description = (rootMatch?.meta ?? []).filter((m) => 'name' in m && m.name === 'description')
    return [{ title: `${translate(root?.locale ?? 'fr', key)} — ${name}` }, ...description]
  }
}
