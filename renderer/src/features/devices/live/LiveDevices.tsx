// The devices list from the server (Convex `devices.list`), with renaming, signing other devices out and
// removing signed-out rows. Loaded with the connected app, never in the first chunk (see features/live-views.tsx).
import { useAction, useMutation } from 'convex/react'
import { useState } from 'react'
import { api } from '../../../../../convex/_generated/api'
import { describeConvexError } from '../../../backend/convex-errors'
import type { LiveDevicesProps } from '../../live-views'
import { useQueryState } from '../../../backend/live/useQueryState'
import { ErrorNotice, Skeleton } from '../../../ui/PageKit'
import { DeviceList, type DeviceActions } from '../DeviceList'

export function LiveDevices({ session, deviceId }: LiveDevicesProps) {
  const list = useQueryState(api.devices.list, {})
  const signOutDevice = useAction(api.devices.signOutDevice)
  const signOutOtherDevices = useAction(api.devices.signOutOtherDevices)
  const remove = useMutation(api.devices.remove)
  const rename = useMutation(api.devices.rename)
  const [announced, setAnnounced] = useState<string | null>(null)

  if (list.status === 'loading') return <Skeleton label="Loading your devices…" lines={5} />
  if (list.status === 'error') return <ErrorNotice error={describeConvexError(list.error)} />
  const nameOf = (id: string) => list.data.find((device) => device.deviceId === id)?.name ?? 'The device'
  const actions: DeviceActions | null = session.canUseServer
    ? {
        rename: async (id, name) => {
          const renamed = await rename({ deviceId: id, name })
          setAnnounced(`Renamed to ${renamed.name}.`)
        },
        signOut: async (id) => {
          await signOutDevice({ deviceId: id })
          setAnnounced(`${nameOf(id)} was signed out.`)
        },
        signOutOthers: async () => (await signOutOtherDevices({})).results,
        remove: async (id) => {
          await remove({ deviceId: id })
          setAnnounced(`${nameOf(id)} was removed.`)
        },
      }
    : null
  return (
    <>
      <p className="hb-visually-hidden" role="status">
        {announced ?? ''}
      </p>
      <DeviceList
        devices={list.data}
        thisDeviceId={session.device?.deviceId}
        thisDeviceActive={session.canUseServer}
        selectedId={deviceId}
        actions={actions}
        disabledReason={session.offlineReason ?? 'The server cannot be reached right now.'}
        // Live, this device registers as soon as the account is synced, so the promise is true here.
        emptyText="No devices yet. This computer appears here as soon as it has registered."
      />
    </>
  )
}
