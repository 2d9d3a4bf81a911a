// When the signed-in shell may interrupt the user about the connection. A cached launch always starts "not yet
// confirmed" (Clerk loads, then Convex connects: a second or two online), and for a moment in between the
// machine sees Clerk signed in without Convex yet, which reads as "server unreachable". None of that needs the
// user, so the shell shows only its quiet status indicator until a problem has lasted the grace below.
import { useEffect, useState } from 'react'
import type { SessionState } from './session-machine'

/** How long a connection problem must last before the banner says so. Long enough to cover a normal start
 * (Clerk's chunk, its first API answer and Convex's handshake take about 1–2 s on a good network) and a
 * network blip, short enough that someone who really is offline learns it before they try to do anything. */
export const OFFLINE_NOTICE_GRACE_MS = 4_000

/** The cached shell is up because something is wrong (not merely still connecting). */
export function hasConnectionProblem(state: SessionState): boolean {
  return state.phase.name === 'offline' && state.phase.reason !== 'connecting'
}

/** True once `problem` has been true for `graceMs` without a break; false again as soon as it ends. Lives
 * above the connected chunk (in SessionRoot), so the shell's remount when Clerk arrives does not restart it. */
export function useGraceElapsed(problem: boolean, graceMs = OFFLINE_NOTICE_GRACE_MS): boolean {
  const [elapsed, setElapsed] = useState(false)
  useEffect(() => {
    if (!problem) return
    const timer = setTimeout(() => setElapsed(true), graceMs)
    // The problem ended (or the grace changed): the next one waits the whole grace again.
    return () => {
      clearTimeout(timer)
      setElapsed(false)
    }
  }, [problem, graceMs])
  return problem && elapsed
}
