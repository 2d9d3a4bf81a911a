// Pieces both halves of the profile page show: the avatar, a field value, a point in time.
import { Avatar as SharedAvatar } from '../../ui/Avatar'
import { formatAge, formatDateTime } from '../../ui/format-time'
import { Unset } from '../../ui/PageKit'
import { useExactTimes } from '../../ui/useExactTimes'
import { useTimeWords } from '../../ui/useTimeWords'

/** The profile's large avatar: the app's one Avatar (ui/Avatar.tsx). */
export function Avatar({ name, pictureUrl }: { name: string | undefined; pictureUrl: string | undefined }) {
  return <SharedAvatar name={name} pictureUrl={pictureUrl} size="large" />
}

export function Text({ value }: { value: string | undefined }) {
  return value && value.trim() !== '' ? <>{value}</> : <Unset />
}

export function When({ ms }: { ms: number }) {
  // Hooks before the early return: the exact time joins the age once the app's first frame has painted.
  const exact = useExactTimes()
  const age = useTimeWords((nowMs) => formatAge(ms, nowMs))
  if (!Number.isFinite(ms) || ms <= 0) return <Unset>Unknown</Unset>
  return (
    <time dateTime={new Date(ms).toISOString()}>
      {exact ? `${formatDateTime(ms)} (${age})` : age}
    </time>
  )
}
