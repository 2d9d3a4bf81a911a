// What the shell and its pages see of the session machine, and the words for each state. Pure.
import { MAX_OFFLINE_AGE_DAYS } from '../../../electron/shared/rules/limits'
import type { DeviceInfo } from '../../../electron/shared/contract'
import type { SessionStatus, SessionView } from '../features/page-props'
import { formatDateTime } from '../ui/format-time'
import type { OfflineReason, RemoteSignOut, SessionNotice, SessionState } from './session-machine'

const OFFLINE_REASON: Record<OfflineReason, string> = {
  connecting: 'Connecting… Showing what was last synced.',
  'browser-offline': 'You are offline. Showing what was last synced.',
  'sign-in-unreachable': 'The sign-in service cannot be reached. Showing what was last synced.',
  'server-unreachable': 'The Harbor server cannot be reached. Showing what was last synced.',
}

/** Pages read this as the reason server actions are off while the server refuses the sign-in. */
export const SERVER_REFUSED_REASON =
  'Harbor’s server did not accept your sign-in (a server configuration problem, not your connection).'

export function offlineReasonText(reason: OfflineReason): string {
  return OFFLINE_REASON[reason]
}

export function noticeText(
  notice: SessionNotice,
  maxOfflineDays = MAX_OFFLINE_AGE_DAYS,
  remoteSignOut: RemoteSignOut | null = null,
): string | null {
  switch (notice) {
    case 'signed-out-remotely':
      return remoteSignOut
        ? `This computer was signed out from ${remoteSignOut.byDeviceName} on ${formatDateTime(remoteSignOut.at)}. ` +
            'Its saved sign-in and offline data were removed. Sign in again to use Harbor here.'
        : 'This computer was signed out from another device. Sign in again to use Harbor here.'
    case 'cache-expired':
      return `You have not been online for more than ${maxOfflineDays} days. Sign in again to continue.`
    case 'cache-discarded':
      return 'The saved session on this computer could not be read and was removed. Sign in again.'
    case 'session-ended':
      return 'Your session has ended. Sign in again to continue.'
    case 'signed-out-offline':
      return 'You are signed out on this computer. The session on the server ends by itself when its token expires.'
    case 'signed-out':
      return 'You are signed out.'
    case 'sign-out-incomplete':
      return 'Harbor could not finish signing you out: the system keychain and the disk did not respond. You may be signed in again the next time Harbor starts; if so, sign out again. Diagnostics has the details.'
    case null:
      return null
  }
}

/** Only the signed-in phases have a view; everything else renders a full-window screen. */
function statusOf(state: SessionState, phase: SessionStatus['phase']): SessionStatus {
  return {
    phase,
    offlineReason: state.phase.name === 'offline' ? state.phase.reason : null,
    convexVerdict: state.convexAuth?.verdict ?? null,
    clerkApiReached: state.network.clerkApiReached,
    cacheConfirmedAt: state.cache?.confirmedOnlineAt ?? null,
  }
}

export function toSessionView(state: SessionState, device: DeviceInfo | null): SessionView | null {
  const { phase } = state
  if (phase.name === 'live') {
    return {
      mode: 'live',
      canUseServer: true,
      offlineReason: null,
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'live'),
    }
  }
  if (phase.name === 'offline') {
    return {
      mode: 'offline',
      canUseServer: false,
      offlineReason: offlineReasonText(phase.reason),
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'offline'),
    }
  }
  if (phase.name === 'server-refused') {
    // The cached data stays on screen and server actions stay off, as offline, but with the true reason.
    return {
      mode: 'offline',
      canUseServer: false,
      offlineReason: SERVER_REFUSED_REASON,
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'server-refused'),
    }
  }
  return null
}
