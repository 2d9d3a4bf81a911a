// "3 hours ago": the relative age the offline banner shows. Pure and Intl-free on purpose: the main process puts
// it into the first frame (electron/main/first-frame.ts) and the renderer's banner must say the same words when
// it takes that frame over (renderer/src/ui/format-time.ts re-exports it).
export function formatAge(thenMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - thenMs) / 1000)
  if (seconds < 60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`
  return `${Math.round(hours / 24)} days ago`
}
