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

/**
 * The one rule of the members' space (directory, groups and discussions, careers' offers,
 * members-only events): dues paid, or a webmaster. Read by guards, use cases, sockets and pages.
 */
export function isPayingMember<V extends Pick<Viewer, 'role'>>(viewer: V | null | undefined): viewer is V & { role: 'member' | 'webmaster' } {
  return viewer?.role === 'member' || viewer?.role === 'webmaster'
}
