// An OS notification when an update has downloaded and the user is not looking at Harbor: the in-window
// indicator says the same, but a user working in another app would otherwise only learn of it next time they
// switch back. Once per version, so a re-check of an already downloaded update stays quiet.
import type { UpdateSnapshot } from '../shared/contract'

export interface UpdateReadyNotifierOptions {
  productName: string
  /** Shows an OS notification; `onClick` brings the window forward. */
  notify(notification: { title: string; body: string; onClick: () => void }): void
  /** True while Harbor's window has the focus: then the window itself says it. */
  isWindowFocused(): boolean
  reveal(): void
  /** Shows the ready card again even if the user chose "Later" (UpdateController.showReady). */
  showReady(): void
}

export function createUpdateReadyNotifier(
  options: UpdateReadyNotifierOptions,
): (snapshot: UpdateSnapshot) => void {
  let notifiedVersion: string | null = null
  return (snapshot) => {
    if (snapshot.state.status !== 'ready') return
    const { version } = snapshot.state
    if (version === notifiedVersion) return
    notifiedVersion = version
    if (options.isWindowFocused()) return
    options.notify({
      title: `${options.productName} ${version} is ready`,
      body: `Restart ${options.productName} to finish updating. Nothing you are doing is lost.`,
      // The click is the user asking about the update: the window comes forward with the ready card showing.
      onClick: () => {
        options.showReady()
        options.reveal()
      },
    })
  }
}
