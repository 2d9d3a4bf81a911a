import { CloudCheck, CloudOff, RefreshCw, ShieldAlert } from 'lucide-react'
import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import { useRouter } from '../routing/router'
import { STATUS_LABEL, type ConnectionStatus } from './connection-status'
import './status.css'

const ICONS = {
  synced: CloudCheck,
  syncing: RefreshCw,
  offline: CloudOff,
  'sign-in-unreachable': CloudOff,
  'server-unreachable': CloudOff,
  refused: ShieldAlert,
} satisfies Record<ConnectionStatus, unknown>

/** The header's quiet connection mark: an icon only (the banner speaks when the user must act), named for
 * assistive technology and on hover. It opens Diagnostics, where the details are. */
export function StatusIndicator({ status }: { status: ConnectionStatus }) {
  const { navigate } = useRouter()
  const Icon = ICONS[status]
  const label = `${STATUS_LABEL[status]} – open Diagnostics`
  return (
    <button
      type="button"
      className="status-indicator"
      data-testid="status-indicator"
      data-status={status}
      aria-label={label}
      title={label}
      onClick={() => navigate(STATIC_ROUTE_PATHS.diagnostics)}
    >
      <Icon aria-hidden="true" focusable="false" size={16} strokeWidth={2} />
    </button>
  )
}
