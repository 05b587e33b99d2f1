import { data } from '@remix-run/node'
import type { FieldErrors, FormValues } from '~/shared/validation'

/**
 * The one way an action answers a form that needs fixing: the errors by field (the whole form's
 * under `form`) and the values to put back, read by every page as `actionData.errors` and
 * `actionData.values` (see `useFormFailure`). `extra` tells apart several forms of one page
 * (`intent`) or carries what the page needs beside them. With single fetch it is `data()`: the
 * status and headers travel beside the value, which reaches the page as it was built.
 */
export function formError<Extra extends object = object>(
  errors: FieldErrors,
  values: FormValues = {},
  { status = 400, headers, extra }: { status?: number; headers?: HeadersInit; extra?: Extra } = {},
) {
  return data({ ...(extra as Extra), errors, values }, { status, headers })
}
