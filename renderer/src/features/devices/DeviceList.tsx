// The devices list both halves of the page show (live from Convex, or the cached copy offline). Removing is
// passed in by the live half; offline there is nothing to remove with, and the reason is shown once.
import { useEffect, useId, useRef, useState } from 'react'
import type { DevicePlatform } from '../../../../electron/shared/contract'
import { describeConvexError, type DescribedError } from '../../backend/convex-errors'
import { formatAge, formatDateTime } from '../../ui/format-time'
import { ErrorNotice } from '../../ui/PageKit'
import { useExactTimes } from '../../ui/useExactTimes'
import { PLATFORM_LABEL } from './platform'

/** What a row needs, from the live list or from the offline cache. */
export interface DeviceRow {
  deviceId: string
  name: string
  platform: DevicePlatform
  appVersion: string
  lastSeenAt: number
}

/** This device first, then the most recently seen. */
function ordered(devices: DeviceRow[], thisDeviceId: string | undefined): DeviceRow[] {
  return [...devices].sort((a, b) => {
    if (a.deviceId === thisDeviceId) return -1
    if (b.deviceId === thisDeviceId) return 1
    return b.lastSeenAt - a.lastSeenAt
  })
}

interface RowProps {
  device: DeviceRow
  isThisDevice: boolean
  selected: boolean
  nowMs: number
  /** null when removing is not possible now; the reason is shown once above the list. */
  onRemove: ((deviceId: string) => Promise<void>) | null
  /** The id of that reason, so each disabled button is described by it. */
  disabledReasonId: string | null
}

function DeviceListItem({ device, isThisDevice, selected, nowMs, onRemove, disabledReasonId }: RowProps) {
  const [confirming, setConfirming] = useState(false)
  const [removing, setRemoving] = useState(false)
  const [error, setError] = useState<DescribedError | null>(null)
  const exact = useExactTimes()
  const rowRef = useRef<HTMLLIElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const removeRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const nameId = useId()

  useEffect(() => {
    if (selected) rowRef.current?.focus()
  }, [selected])
  useEffect(() => {
    // The safe choice gets the focus: Enter on an opened confirmation must not delete anything.
    if (confirming) cancelRef.current?.focus()
  }, [confirming])

  const close = () => {
    setConfirming(false)
    removeRef.current?.focus()
  }

  const confirm = async () => {
    if (!onRemove) return
    setRemoving(true)
    setError(null)
    try {
      await onRemove(device.deviceId)
      // On success the live list drops this row; nothing else to do.
    } catch (caught) {
      setError(describeConvexError(caught))
      setRemoving(false)
      setConfirming(false)
    }
  }

  return (
    <li
      ref={rowRef}
      className="devices-row"
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected ? -1 : undefined}
      aria-labelledby={nameId}
    >
      <div className="devices-row-main">
        <div className="devices-row-text">
          <p className="devices-name" id={nameId}>
            {device.name}{' '}
            {isThisDevice ? (
              <span className="hb-badge" data-tone="accent">
                This device
              </span>
            ) : null}
          </p>
          <p className="devices-meta">
            {PLATFORM_LABEL[device.platform]} · Harbor {device.appVersion} · last seen{' '}
            <time
              dateTime={new Date(device.lastSeenAt).toISOString()}
              title={exact ? formatDateTime(device.lastSeenAt) : undefined}
            >
              {formatAge(device.lastSeenAt, nowMs)}
            </time>
          </p>
        </div>
        {isThisDevice ? null : (
          <button
            ref={removeRef}
            type="button"
            className="hb-button"
            data-variant="danger"
            disabled={onRemove === null || confirming || removing}
            aria-describedby={onRemove === null && disabledReasonId ? disabledReasonId : undefined}
            onClick={() => setConfirming(true)}
          >
            Remove…
          </button>
        )}
      </div>
      {confirming ? (
        <div
          className="devices-confirm"
          role="alertdialog"
          aria-labelledby={titleId}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !removing) close()
          }}
        >
          <p id={titleId}>
            Remove <strong>{device.name}</strong> from your devices? If it is still signed in, it appears
            again the next time Harbor opens on it.
          </p>
          <div className="devices-confirm-actions">
            <button
              type="button"
              className="hb-button"
              data-variant="danger-solid"
              disabled={removing}
              onClick={confirm}
            >
              {removing ? 'Removing…' : 'Remove'}
            </button>
            <button ref={cancelRef} type="button" className="hb-button" disabled={removing} onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  )
}

export function DeviceList(props: {
  devices: DeviceRow[]
  thisDeviceId: string | undefined
  selectedId: string | undefined
  nowMs: number
  onRemove: ((deviceId: string) => Promise<void>) | null
  disabledReason: string | null
}) {
  const { devices, thisDeviceId, selectedId } = props
  const whyId = useId()
  const explainDisabled =
    props.onRemove === null &&
    props.disabledReason !== null &&
    devices.some((d) => d.deviceId !== thisDeviceId)
  const missing = selectedId !== undefined && !devices.some((device) => device.deviceId === selectedId)
  return (
    <>
      {missing ? (
        <div className="hb-notice" role="status">
          <strong>That device is not in your list</strong>
          <p>It may have been removed, or it belongs to another account.</p>
        </div>
      ) : null}
      <div className="hb-card">
        {explainDisabled ? (
          <p id={whyId} className="devices-why">
            {props.disabledReason}
          </p>
        ) : null}
        {devices.length === 0 ? (
          <p>No devices yet. This one appears as soon as it has registered.</p>
        ) : (
          <ul className="devices-list" aria-label="Devices">
            {ordered(devices, thisDeviceId).map((device) => (
              <DeviceListItem
                key={device.deviceId}
                device={device}
                isThisDevice={device.deviceId === thisDeviceId}
                selected={device.deviceId === selectedId}
                nowMs={props.nowMs}
                onRemove={props.onRemove}
                disabledReasonId={explainDisabled ? whyId : null}
              />
            ))}
          </ul>
        )}
      </div>
    </>
  )
}
