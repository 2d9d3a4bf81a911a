// The devices list from the server (Convex `devices.list`), with removal. Loaded with the connected app, never
// in the first chunk (see features/live-views.tsx).
import { useMutation } from 'convex/react'
import { useState } from 'react'
import { api } from '../../../../../convex/_generated/api'
import { describeConvexError } from '../../../backend/convex-errors'
import type { LiveDevicesProps } from '../../live-views'
import { useQueryState } from '../../../backend/live/useQueryState'
import { ErrorNotice, Skeleton } from '../../../ui/PageKit'
import { useNow } from '../../../ui/useNow'
import { DeviceList } from '../DeviceList'

export function LiveDevices({ session, deviceId }: LiveDevicesProps) {
  const nowMs = useNow()
  const list = useQueryState(api.devices.list, {})
  const remove = useMutation(api.devices.remove)
  const [removed, setRemoved] = useState<string | null>(null)

  if (list.status === 'loading') return <Skeleton label="Loading your devices…" lines={5} />
  if (list.status === 'error') return <ErrorNotice error={describeConvexError(list.error)} />
  const onRemove = session.canUseServer
    ? async (id: string) => {
        const name = list.data.find((device) => device.deviceId === id)?.name ?? 'The device'
        await remove({ deviceId: id })
        setRemoved(`${name} was removed.`)
      }
    : null
  return (
    <>
      <p className="hb-visually-hidden" role="status">
        {removed ?? ''}
      </p>
      <DeviceList
        devices={list.data}
        thisDeviceId={session.device?.deviceId}
        selectedId={deviceId}
        nowMs={nowMs}
        onRemove={onRemove}
        disabledReason={session.offlineReason ?? 'The server cannot be reached right now.'}
      />
    </>
  )
}
