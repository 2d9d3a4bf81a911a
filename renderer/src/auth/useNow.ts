import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs` (for "last synced 5 minutes ago" and cache refreshes). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
