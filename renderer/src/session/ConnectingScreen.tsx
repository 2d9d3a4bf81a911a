import { CenteredScreen, Notice, Spinner } from '../ui/CenteredScreen'

export function ConnectingScreen({ notice }: { notice: string | null }) {
  return (
    <CenteredScreen screen="connecting" busy>
      <Spinner label="Connecting" />
      <h1>Connecting to the sign-in service…</h1>
      <Notice text={notice} />
      <p className="muted">This usually takes a moment.</p>
    </CenteredScreen>
  )
}
