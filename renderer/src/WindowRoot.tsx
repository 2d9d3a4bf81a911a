// What every screen of the window is rendered in (main.tsx): the frame with the update banner, then the error
// boundary and the router around the screen. The banner stays outside the boundary so that a crashed window
// can still be updated.
import type { ReactNode } from 'react'
import { ErrorBoundary } from './auth/ErrorBoundary'
import { RouterProvider } from './shell/router'
import { WindowFrame } from './shell/WindowFrame'

export function WindowRoot({ children }: { children: ReactNode }) {
  return (
    <WindowFrame>
      <ErrorBoundary>
        <RouterProvider>{children}</RouterProvider>
      </ErrorBoundary>
    </WindowFrame>
  )
}
