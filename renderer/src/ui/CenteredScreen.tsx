import type { ReactNode } from 'react'
import { Logo } from './Logo'

/** The frame of every full-window screen outside the signed-in shell: the app's mark above a card. `screen`
 * names it for tests and the benchmark; `busy` marks a screen that is waiting on something. */
export function CenteredScreen({
  screen,
  busy = false,
  children,
}: {
  screen: string
  busy?: boolean
  children: ReactNode
}) {
  return (
    <main className="centered-screen" data-screen={screen} aria-busy={busy}>
      <div className="centered-stack">
        <Logo size={48} className="screen-logo" />
        <div className="card">{children}</div>
      </div>
    </main>
  )
}

export function Notice({ text }: { text: string | null }) {
  if (!text) return null
  return (
    <p className="notice" role="status">
      {text}
    </p>
  )
}

export function Spinner({ label }: { label: string }) {
  return <span className="spinner" role="progressbar" aria-label={label} />
}
