import { useState } from 'react'

export function initials(name: string | undefined, email: string | undefined): string {
  const source = name?.trim() || email?.split('@')[0] || '?'
  const parts = source.split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts.at(-1)?.[0] ?? '') : source.slice(0, 2)
  return letters.toUpperCase()
}

/** The user's picture, or their initials when there is none or it cannot load (offline). Decorative: the
 * name is always next to it. The one avatar of the app (the user menu's, the profile page's `large` one). */
export function Avatar({
  name,
  email,
  pictureUrl,
  size = 'small',
}: {
  name?: string | undefined
  email?: string | undefined
  pictureUrl?: string | undefined
  size?: 'small' | 'large'
}) {
  const [failed, setFailed] = useState(false)
  const sizeClass = size === 'large' ? ' avatar-large' : ''
  if (pictureUrl && !failed) {
    return (
      <img
        className={`avatar${sizeClass}`}
        src={pictureUrl}
        alt=""
        onError={() => setFailed(true)}
        referrerPolicy="no-referrer"
      />
    )
  }
  return (
    <span className={`avatar avatar-initials${sizeClass}`} aria-hidden="true">
      {initials(name, email)}
    </span>
  )
}
