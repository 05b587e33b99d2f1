import type { Catalog } from './fr'
import { fr } from './fr'

// Placeholder while the translation is written: falls back to French.
export const en: Catalog = { ...fr }
