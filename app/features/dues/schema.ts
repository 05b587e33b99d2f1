// Dues' browser-safe rules, read by the forms and their parsers alike.

/** Each text field's longest value: the form's `maxLength` and the parser's `.max()` alike. */
export const DUES_FIELD_MAX = { offlineReference: 200, proofRejectionReason: 1000 } as const
