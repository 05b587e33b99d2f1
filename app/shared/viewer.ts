// Who is looking at a page or holding a socket: every layer reads it (the layout, the guards,
// the use cases), so it lives below the features. `loadViewer` (accounts) builds it.

export type Role = 'visitor' | 'registered' | 'member' | 'webmaster'

export interface Viewer {
  id: string
  email: string
  firstName: string
  lastName: string
  role: Role
  isWebmaster: boolean
  membership: { kind: 'alumni' | 'student'; status: 'active' | 'suspended' } | null
}
