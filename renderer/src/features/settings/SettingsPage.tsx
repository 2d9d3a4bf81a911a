// PLACEHOLDER: replaced by the renderer features work (issue 4). Keeps the shell importable meanwhile.
import type { PageProps } from '../../shell/page-props'

export function SettingsPage(_props: PageProps) {
  return <p>SettingsPage</p>
}
