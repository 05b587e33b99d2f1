/**
 * A person's face: their photo, or their initials on a colour derived from their id — the same
 * person gets the same colour on every page. The image is decorative (`alt=""`) where the name
 * sits next to it; a page whose photo is content of its own (a profile) gives it an `alt`.
 */
export interface AvatarPerson {
  id: string
  firstName: string
  lastName: string
  /** Whether a photo exists (served by `/membres/:id/photo`, which applies the profile's rules). */
  photo?: boolean
}

export type AvatarSize = 'small' | 'medium' | 'large'
const pixels: Record<AvatarSize, number> = { small: 32, medium: 56, large: 120 }

// Hues chosen so white initials keep a contrast of at least 4.5:1 (checked by axe in the e2e tests).
const palette = ['#1f4fa3', '#1f7a4d', '#8a4b9e', '#b42318', '#8a5a00', '#0e6b80', '#5b4fc4', '#a3336a', '#3d6b1f', '#805000']

export function avatarColour(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0
  return palette[hash % palette.length]!
}

export function initialsOf(firstName: string, lastName: string): string {
  return `${Array.from(firstName.trim())[0] ?? ''}${Array.from(lastName.trim())[0] ?? ''}`.toLocaleUpperCase('fr-FR') || '?'
}

export function Avatar({
  person,
  size = 'medium',
  alt = '',
  eager = false,
}: {
  person: AvatarPerson | null
  size?: AvatarSize
  alt?: string
  /** For a photo at the top of the page: lazy loading would only delay the largest paint. */
  eager?: boolean
}) {
  const px = pixels[size]
  const className = `avatar avatar--${size}`
  if (person?.photo)
    return (
      <img className={className} src={`/membres/${person.id}/photo`} alt={alt} width={px} height={px} loading={eager ? 'eager' : 'lazy'} decoding="async" />
    )
  return (
    <span
      className={`${className} avatar--initials`}
      style={person ? { backgroundColor: avatarColour(person.id) } : undefined}
      aria-hidden="true"
      data-testid="avatar-initials"
    >
      {person ? initialsOf(person.firstName, person.lastName) : '·'}
    </span>
  )
}
