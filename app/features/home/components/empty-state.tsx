import type { ReactNode } from 'react'

const ICONS = {
  calendar: 'M7 3v3M17 3v3M4 9h16M5 6h14a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1z',
  chat: 'M4 5h16v11H9l-5 4z',
  briefcase: 'M9 6V4h6v2M4 7h16v12H4zM4 12h16',
  people: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 11a3 3 0 1 0 0-6M18 20a6 6 0 0 0-3-5.2',
} as const

/** A block with nothing to show yet: a drawing, what it means, and the way on (a link or two). */
export function EmptyState({ icon, text, children }: { icon: keyof typeof ICONS; text: string; children?: ReactNode }) {
  return (
    <div className="home-empty">
      <svg className="home-empty__icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
        <path d={ICONS[icon]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <p>{text}</p>
      {children ? <p className="home-empty__actions">{children}</p> : null}
    </div>
  )
}
