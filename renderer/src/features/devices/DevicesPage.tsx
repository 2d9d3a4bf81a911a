// The devices page. This module is in the first chunk (the cached shell paints it before Clerk and Convex
// load), so it imports nothing from Convex: the live half is `LiveDevices`, reached through live-views.
import type { PageProps } from '../page-props'
import { useLiveViews, type LiveDevicesProps } from '../live-views'
import { useRouter } from '../../routing/router'
import { OfflineMark, Page, Skeleton } from '../../ui/PageKit'
import { useCachedDataWords } from '../../ui/cached-data-words'
import { DeviceList } from './DeviceList'
import './DevicesPage.css'

export type { DeviceRow } from './DeviceList'

export interface DevicesPageProps extends PageProps {
  /**
   * The device to highlight and focus (the route `/devices/:deviceId`, e.g. from an app link). Taken from the
   * router when not given.
   */
  deviceId?: string
}

/**
 * The cached list, how old it is (the same mark every page shows), and one note: why nothing can be changed
 * now. That the app is offline (or refused) the shell says, once, so the page adds no badge of its own.
 * Nothing here promises that this device will "appear as soon as it has registered": that needs the server.
 */
function OfflineDevices({ session, deviceId }: DevicesPageProps) {
  const { whenServerBack } = useCachedDataWords()
  return (
    <>
      <OfflineMark syncedAt={session.lastKnownUser?.confirmedOnlineAt ?? null} />
      <DeviceList
        devices={session.lastKnownUser?.devices ?? []}
        thisDeviceId={session.device?.deviceId}
        thisDeviceActive={false}
        selectedId={deviceId}
        actions={null}
        disabledReason={`Renaming and signing out devices need the server; they work again ${whenServerBack}.`}
        emptyText={`No devices were saved on this computer. Your devices appear here ${whenServerBack}.`}
      />
    </>
  )
}

/** The live list comes with the connected app; until it has loaded there is nothing live to show. */
function Live(props: LiveDevicesProps) {
  const views = useLiveViews()
  if (!views) return <Skeleton label="Connecting to the server…" lines={5} />
  return <views.devices {...props} />
}

export function DevicesPage(props: DevicesPageProps) {
  const { route } = useRouter()
  const deviceId = props.deviceId ?? (route.name === 'device' ? route.deviceId : undefined)
  return (
    <Page
      title="Devices"
      subtitle={
        'Computers where you signed in to Harbor with this account. Sign out ends another computer’s sign-in ' +
        'from here: within seconds it forgets your account, its saved sign-in and its offline copy of your ' +
        'data, and it needs a new sign-in to be used again (if it is offline, as soon as it reconnects).'
      }
    >
      {props.session.mode === 'live' ? (
        <Live session={props.session} deviceId={deviceId} />
      ) : (
        <OfflineDevices session={props.session} deviceId={deviceId} />
      )}
    </Page>
  )
}
