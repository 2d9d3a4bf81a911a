import { useEffect, useSyncExternalStore } from 'react'
import { afterNextPaint } from '../lib/after-paint'
import { exactTimesReady, subscribeExactTimes } from './format-time'

/** Whether exact (localised) times may be formatted now; false only until the app's first paint. */
export function useExactTimes(): boolean {
  return useSyncExternalStore(subscribeExactTimes, exactTimesReady)
}

/** Mounted with the app's first screen (main.tsx): releases exact times once that screen has painted. */
export function ExactTimesAfterPaint({ release }: { release: () => void }): null {
  useEffect(() => afterNextPaint(release), [release])
  return null
}
