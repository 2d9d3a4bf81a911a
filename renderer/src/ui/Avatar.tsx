import { useState } from 'react'

function initials(name: string | undefined, email: string | undefined): string {
  const source = name?.trim() || email?.split('@')[0] || '?'
  const parts = source.split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts.at(-1)?.[0] ?? '') : source.slice(0, 2)
  return letters.toUpperCase()
}

/** The user's picture, or their initials when there is none or it cannot load (offline). Decorative: the
 * name is always next to it. */
export function Avatar({
  name,
  email,
  pictureUrl,
}: {
  name?: string | undefined
  email?: string | undefined
  pictureUrl?: string | undefined
}) {
  const [failed, setFailed] = useState(false)
  if (pictureUrl && !failed) {
    return (
      <img
        className="avatar"
        src={pictureUrl}
        alt=""
        onError={() => setFailed(true)}
        referrerPolicy="no-referrer"
      />
    )
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initials(name, email)}
    </span>
  )
}
