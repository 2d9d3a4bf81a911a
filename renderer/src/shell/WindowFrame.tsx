// Every screen of the window sits in this frame: the update indicator (floating in a corner, only when there is
// something to say; it takes no row) and the screen filling the window. Updates matter on every screen, signed in
// or not: a user stuck on the setup or sign-in screen may need exactly the release that fixes it. The frame also
// marks `<html data-platform>` before the first paint, so every screen gets its OS's fonts and title-bar room.
import { useLayoutEffect, type ReactNode } from 'react'
import { UpdateIndicator } from '../features/updates/UpdateIndicator'
import { applyPlatformAttribute } from '../ui/platform'

export function WindowFrame({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    applyPlatformAttribute(document.documentElement, navigator)
  }, [])
  return (
    <div className="window-frame">
      <UpdateIndicator />
      <div className="window-frame-content">{children}</div>
    </div>
  )
}
