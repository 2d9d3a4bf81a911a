import { CenteredScreen, Spinner } from '../ui/CenteredScreen'

export function SigningOutScreen() {
  return (
    <CenteredScreen screen="signing-out" busy>
      <Spinner label="Signing out" />
      <h1>Signing out…</h1>
    </CenteredScreen>
  )
}
