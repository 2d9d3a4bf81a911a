// Pieces both halves of the profile page show: the avatar, a field value, a point in time.
import { useState } from 'react'
import { formatAge, formatDateTime } from '../../ui/format-time'
import { Unset } from '../../ui/PageKit'
import { useExactTimes } from '../../ui/useExactTimes'

export function Avatar({ name, pictureUrl }: { name: string | undefined; pictureUrl: string | undefined }) {
  const [failed, setFailed] = useState(false)
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean)
  const initials =
    words.length === 0 ? '?' : `${words[0]![0]}${words.length > 1 ? words[words.length - 1]![0] : ''}`
  if (pictureUrl && !failed) {
    return <img className="profile-avatar" src={pictureUrl} alt="" onError={() => setFailed(true)} />
  }
  return (
    <span className="profile-avatar" aria-hidden="true">
      {initials.toUpperCase()}
    </span>
  )
}

export function Text({ value }: { value: string | undefined }) {
  return value && value.trim() !== '' ? <>{value}</> : <Unset />
}

export function When({ ms, nowMs }: { ms: number; nowMs: number }) {
  // Hooks before the early return: the exact time joins the age once the app's first frame has painted.
  const exact = useExactTimes()
  if (!Number.isFinite(ms) || ms <= 0) return <Unset>Unknown</Unset>
  return (
    <time dateTime={new Date(ms).toISOString()}>
      {exact ? `${formatDateTime(ms)} (${formatAge(ms, nowMs)})` : formatAge(ms, nowMs)}
    </time>
  )
}
