import type { ShouldRevalidateFunction } from '@remix-run/react'

/**
 * Single fetch no longer reloads a page's data after an action that answered 4xx or 5xx. Where
 * such a refusal means the page itself is out of date (the event closed or filled meanwhile, the
 * ticket was scanned at another desk, the offer left its editable state), the page keeps
 * reloading it, as it did before single fetch.
 */
export const revalidateAfterRefusal: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || (actionStatus !== undefined && actionStatus >= 400)
