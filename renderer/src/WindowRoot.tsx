// What every screen of the window is rendered in (main.tsx): the frame with the update banner, then the error
// boundary and the router around the screen. The banner stays outside the boundary so that a crashed window
// can still be updated. After a renderer crash the main process says so once (electron/main/renderer-recovery.ts):
// a first crash gets a quiet notice above the screen, a second one in a short time the crash screen instead.
import { useState, type ReactNode } from 'react'
import type { RecoveryNotice } from '../../electron/shared/contract'
import { ErrorBoundary } from './startup/ErrorBoundary'
import { CrashScreen, RestartedNotice } from './startup/CrashScreen'
import { RouterProvider } from './routing/router'
import { WindowFrame } from './shell/WindowFrame'

export function WindowRoot({
  children,
  recoveryNotice = null,
}: {
  children: ReactNode
  recoveryNotice?: RecoveryNotice | null
}) {
  const [showRestarted, setShowRestarted] = useState(recoveryNotice?.kind === 'restarted')
  if (recoveryNotice?.kind === 'crashed-again') {
    return (
      <WindowFrame>
        <CrashScreen notice={recoveryNotice} error={null} />
      </WindowFrame>
    )
  }
  return (
    <WindowFrame>
      {showRestarted && <RestartedNotice onDismiss={() => setShowRestarted(false)} />}
      <ErrorBoundary>
        <RouterProvider>{children}</RouterProvider>
      </ErrorBoundary>
    </WindowFrame>
  )
}
