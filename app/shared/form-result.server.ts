import { json } from '@remix-run/node'
import type { FieldErrors, FormValues } from '~/shared/validation'

/**
 * The one way an action answers a form that needs fixing: the errors by field (the whole form's
 * under `form`) and the values to put back, read by every page as `actionData.errors` and
 * `actionData.values` (see `useFormFailure`). `extra` tells apart several forms of one page
 * (`intent`) or carries what the page needs beside them.
 */
export function formError<Extra extends object = object>(
  errors: FieldErrors,
  values: FormValues = {},
  { status = 400, headers, extra }: { status?: number; headers?: HeadersInit; extra?: Extra } = {},
) {
  return json({ ...(extra as Extra), errors, values }, { status, headers })
}
