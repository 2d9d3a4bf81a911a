import { SignIn } from '@clerk/electron/react'
import { Logo } from '../../ui/Logo'
import { Notice, Spinner } from '../../ui/CenteredScreen'

/** Clerk's prebuilt sign-in under the app's mark. Hash routing: its steps live in the URL fragment, so they
 * never change the path the app router reads and never ask the protocol handler for a file. OAuth goes through
 * the system browser via the bridge. */
export function SignInScreen({ notice }: { notice: string | null }) {
  return (
    <main className="centered-screen" data-screen="sign-in">
      <div className="sign-in">
        <Logo size={56} className="screen-logo" />
        <Notice text={notice} />
        <SignIn routing="hash" fallback={<Spinner label="Loading sign-in" />} />
      </div>
    </main>
  )
}
