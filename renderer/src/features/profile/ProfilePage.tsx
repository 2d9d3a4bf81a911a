// PLACEHOLDER: replaced by the renderer features work (issue 4). Keeps the shell importable meanwhile.
import type { PageProps } from '../../shell/page-props'

export function ProfilePage(_props: PageProps) {
  return <p>ProfilePage</p>
}
