// The seeded members as the discussion plan and its scripts read them (kept apart so that
// neither imports the other).

/** An active member (alumni or student), as the seed generated them. */
export interface SeedMember {
  id: string
  firstName: string
  lastName: string
  female: boolean
  kind: 'alumni' | 'student'
  promotion: number
  city: string
  country: string
  latitude: number
  longitude: number
  company: string | null
  jobTitle: string | null
  sector: string | null
  diploma: string
  activatedAt: Date
  /** Which demo account this is, if any. */
  demo: 'webmaster' | 'alumni' | 'student' | null
}

/** Display names for the gazetteer's English ones. */
const CITY_FR: Record<string, string> = {
  Brussels: 'Bruxelles',
  London: 'Londres',
  'New York City': 'New York',
  'Frankfurt am Main': 'Francfort',
  Hamburg: 'Hambourg',
  Munich: 'Munich',
  Basel: 'Bâle',
  Bern: 'Berne',
  Zürich: 'Zurich',
  Gent: 'Gand',
  Barcelona: 'Barcelone',
  Valencia: 'Valence',
  Singapore: 'Singapour',
  Edinburgh: 'Édimbourg',
}
export const cityFr = (m: SeedMember) => CITY_FR[m.city] ?? m.city

export const sector = (label: string) => (m: SeedMember) => m.sector === label
