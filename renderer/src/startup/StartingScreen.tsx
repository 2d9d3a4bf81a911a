import { Logo } from '../ui/Logo'

/** Shown for the few milliseconds the cached user takes to read. Its content fades in only after a delay (pure
 * CSS), so a fast start shows no flash of a loading message before the shell. */
export function StartingScreen() {
  return (
    <main className="centered-screen starting" data-screen="starting" aria-busy="true">
      <div className="centered-stack">
        <Logo size={48} className="screen-logo delayed-fade-in" />
        <p className="delayed-fade-in">Starting Harbor…</p>
      </div>
    </main>
  )
}
