// One way to read a value the main process owns and announces changes of (update state, where the sign-in is
// kept): subscribe first, then ask, so a change landing while the first answer is in flight is never lost, and
// a late answer never overwrites a newer event. `get` and `subscribe` must be stable (module-level functions).
import { useCallback, useEffect, useState } from 'react'
import type { DesktopApi } from '../../../electron/shared/contract'
import { getDesktop } from './desktop'

export type DesktopValue<T> =
  | { status: 'unavailable' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: unknown }

export function useDesktopValue<T>(
  get: (desktop: DesktopApi) => Promise<T>,
  subscribe?: (desktop: DesktopApi, listener: (value: T) => void) => () => void,
): {
  value: DesktopValue<T>
  /** A fresher value (e.g. an action's answer); like an event, it wins. */ set(value: T): void
} {
  const [value, setValue] = useState<DesktopValue<T>>(() =>
    getDesktop() ? { status: 'loading' } : { status: 'unavailable' },
  )
  useEffect(() => {
    const desktop = getDesktop()
    if (!desktop) return
    let active = true
    let fresher = false
    const unsubscribe = subscribe?.(desktop, (next) => {
      fresher = true
      if (active) setValue({ status: 'ready', value: next })
    })
    let asked: Promise<T>
    try {
      asked = get(desktop)
    } catch (error) {
      asked = Promise.reject(error)
    }
    asked.then(
      (answer) => {
        if (active && !fresher) setValue({ status: 'ready', value: answer })
      },
      (error: unknown) => {
        console.warn('A window.desktop read failed', error)
        if (active && !fresher) setValue({ status: 'failed', error })
      },
    )
    return () => {
      active = false
      unsubscribe?.()
    }
  }, [get, subscribe])
  const set = useCallback((next: T) => setValue({ status: 'ready', value: next }), [])
  return { value, set }
}
