/** Where prepared archives of a person's data live: DATA_DIR/private/exports (its own module: the registry declares it, the archive writes it). */
export const EXPORTS_AREA = 'exports'
