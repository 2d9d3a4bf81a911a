// The devices list both halves of the page show (live from Convex, or the cached copy offline). The actions
// (rename a device, sign a device out, sign out every other device, remove a signed-out row) are passed in by
// the live half; offline there is nothing to act with, and the reason is said once, in the list's one note.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { DevicePlatform } from '../../../../electron/shared/contract'
import { describeConvexError, type DescribedError } from '../../backend/convex-errors'
import { ACTIVE_NOW_MS, formatAge, formatDateTime, formatFriendlyTimeInSentence } from '../../ui/format-time'
import { ErrorNotice } from '../../ui/PageKit'
import { useExactTimes } from '../../ui/useExactTimes'
import { useTimeWords } from '../../ui/useTimeWords'
import { platformLook } from './platform'
import { RenameDeviceForm } from './RenameDevice'

/** What a row needs, from the live list or from the offline cache. */
export interface DeviceRow {
  deviceId: string
  /** What to call it: the name the user gave it, else its hostname (the server decides; the cache keeps it). */
  name: string
  /** The computer's own name, when the server sent it (the offline cache does not keep it). */
  hostname?: string
  customName?: string | null
  platform: DevicePlatform
  appVersion: string
  lastSeenAt: number
  /** Set once another device signed this one out (the live list knows; the offline cache does not keep it). */
  signedOut?: { at: number; byDeviceName: string } | null
}

export interface SignOutOthersResult {
  deviceId: string
  name: string
  outcome: 'signed-out' | 'already-signed-out' | 'failed'
  error?: { code: string; message: string }
}

export interface DeviceActions {
  /** Gives a device a name of the user's choosing (already checked against the shared name rule). */
  rename(deviceId: string, name: string): Promise<void>
  /** Ends that device's sign-in (its Clerk session) through the server. */
  signOut(deviceId: string): Promise<void>
  signOutOthers(): Promise<SignOutOthersResult[]>
  /** Deletes a row from the list (offered for signed-out devices). */
  remove(deviceId: string): Promise<void>
}

/** What signing a device out does, in the words of the confirmation and the page. */
export const SIGN_OUT_EXPLAINED =
  'Within seconds it forgets your account, its saved sign-in and its offline copy of your data, and it needs a ' +
  'new sign-in to be used again. If it is offline, that happens as soon as it reconnects.'

/** This device first, then the most recently seen. */
function ordered(devices: DeviceRow[], thisDeviceId: string | undefined): DeviceRow[] {
  return [...devices].sort((a, b) => {
    if (a.deviceId === thisDeviceId) return -1
    if (b.deviceId === thisDeviceId) return 1
    return b.lastSeenAt - a.lastSeenAt
  })
}

/**
 * A past moment inside a sentence ("today at 09:14"). Calendar words need Intl, which waits for the first
 * paint (ui/format-time.ts); until then an older time shows its age ("3 hours ago"). The last hour needs no
 * Intl, so "just now" and "5 minutes ago" never change a frame later.
 */
function When({ at }: { at: number }) {
  const exact = useExactTimes()
  const words = useTimeWords((nowMs) =>
    exact || nowMs - at < 60 * 60_000 ? formatFriendlyTimeInSentence(at, nowMs) : formatAge(at, nowMs),
  )
  return (
    <time
      dateTime={Number.isFinite(at) ? new Date(at).toISOString() : undefined}
      title={exact ? formatDateTime(at) : undefined}
    >
      {words}
    </time>
  )
}

function LastSeen({ at }: { at: number }) {
  const activeNow = useTimeWords((nowMs) => (nowMs - at < ACTIVE_NOW_MS ? 'active now' : 'seen before'))
  if (activeNow === 'active now') return <span className="devices-active">Active now</span>
  return (
    <>
      Last seen <When at={at} />
    </>
  )
}

type Confirming = { kind: 'sign-out' | 'remove' } | null

/**
 * The inline confirmation both actions use. The safe choice gets the focus when it opens (Enter on an opened
 * confirmation must not act), and Escape cancels unless the action is already running.
 */
function ConfirmPanel({
  message,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  message: ReactNode
  confirmLabel: string
  busyLabel: string
  busy: boolean
  onConfirm(): void
  onCancel(): void
}) {
  const cancelRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  useEffect(() => cancelRef.current?.focus(), [])
  return (
    <div
      className="devices-confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) onCancel()
      }}
    >
      <p id={titleId}>{message}</p>
      <div className="devices-confirm-actions">
        <button
          type="button"
          className="hb-button"
          data-variant="danger-solid"
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className="hb-button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}

interface RowProps {
  device: DeviceRow
  isThisDevice: boolean
  /** This device is connected now (the live list while the server can be used), so "active now" is true. */
  thisDeviceActive: boolean
  selected: boolean
  /** null when acting is not possible now; the reason is the list's note. */
  actions: DeviceActions | null
  disabledReason: string | null
  /** The id of that note, so each disabled button is described by it. */
  disabledReasonId: string | null
}

function DeviceListItem(props: RowProps) {
  const { device, isThisDevice, selected, actions, disabledReason, disabledReasonId } = props
  const [confirming, setConfirming] = useState<Confirming>(null)
  const [renaming, setRenaming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<DescribedError | null>(null)
  const rowRef = useRef<HTMLLIElement>(null)
  const openRef = useRef<HTMLButtonElement>(null)
  const renameRef = useRef<HTMLButtonElement>(null)
  const nameId = useId()
  const signedOut = device.signedOut ?? null
  const { label: platformLabel, Icon } = platformLook(device.platform)

  useEffect(() => {
    if (selected) rowRef.current?.focus()
  }, [selected])
  const close = () => {
    setConfirming(null)
    openRef.current?.focus()
  }
  // When the rename form closes (saved or cancelled), focus returns to the Rename button it replaced.
  const wasRenaming = useRef(false)
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameRef.current?.focus()
    wasRenaming.current = renaming
  }, [renaming])

  const confirm = async () => {
    if (!actions || !confirming) return
    setBusy(true)
    setError(null)
    try {
      if (confirming.kind === 'sign-out') await actions.signOut(device.deviceId)
      else await actions.remove(device.deviceId)
      // The live list shows the outcome (the row marked signed out, or gone).
      setConfirming(null)
    } catch (caught) {
      setError(describeConvexError(caught))
      setConfirming(null)
    } finally {
      setBusy(false)
    }
  }

  const disabled = actions === null
  const disabledHelp = {
    title: disabled ? (disabledReason ?? undefined) : undefined,
    'aria-describedby': disabled && disabledReasonId ? disabledReasonId : undefined,
  }
  const kind = signedOut ? 'remove' : 'sign-out'
  return (
    <li
      ref={rowRef}
      className="devices-row"
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected ? -1 : undefined}
      aria-labelledby={nameId}
    >
      <div className="devices-row-main">
        <span className="devices-icon" aria-hidden="true">
          <Icon size={20} strokeWidth={1.75} aria-hidden="true" focusable="false" />
        </span>
        <div className="devices-row-text">
          <p className={renaming ? 'hb-visually-hidden' : 'devices-name'} id={nameId}>
            {device.name}
            {signedOut ? (
              <>
                {' '}
                <span className="hb-badge" data-tone="warn">
                  Signed out
                </span>
              </>
            ) : null}
          </p>
          {renaming ? (
            <RenameDeviceForm
              currentName={device.name}
              rename={actions ? (name) => actions.rename(device.deviceId, name) : null}
              disabledReason={disabledReason}
              disabledReasonId={disabledReasonId}
              onClose={() => setRenaming(false)}
            />
          ) : null}
          <p className="devices-status">
            {isThisDevice ? (
              <>
                <span className="devices-this">This device</span>
                {props.thisDeviceActive ? (
                  <>
                    {' · '}
                    <span className="devices-active">active now</span>
                  </>
                ) : null}
              </>
            ) : (
              <LastSeen at={device.lastSeenAt} />
            )}
          </p>
          <p className="devices-meta">
            {platformLabel} · Harbor {device.appVersion}
            {device.customName && device.hostname && device.hostname !== device.name
              ? ` · ${device.hostname}`
              : null}
          </p>
          {signedOut ? (
            <p className="devices-meta">
              Signed out from {signedOut.byDeviceName} <When at={signedOut.at} />
            </p>
          ) : null}
          {isThisDevice ? (
            <p className="devices-meta">To sign out on this computer, use Sign out in the account menu.</p>
          ) : null}
        </div>
        {renaming ? null : (
          <div className="devices-row-actions">
            <button
              ref={renameRef}
              type="button"
              className="hb-button"
              disabled={disabled || confirming !== null || busy}
              {...disabledHelp}
              onClick={() => setRenaming(true)}
            >
              Rename…
            </button>
            {isThisDevice ? null : (
              <button
                ref={openRef}
                type="button"
                className="hb-button"
                data-variant="danger"
                disabled={disabled || confirming !== null || busy}
                {...disabledHelp}
                onClick={() => setConfirming({ kind })}
              >
                {kind === 'sign-out' ? 'Sign out…' : 'Remove…'}
              </button>
            )}
          </div>
        )}
      </div>
      {confirming ? (
        <ConfirmPanel
          message={
            confirming.kind === 'sign-out' ? (
              <>
                Sign out <strong>{device.name}</strong>? {SIGN_OUT_EXPLAINED}
              </>
            ) : (
              <>
                Remove <strong>{device.name}</strong> from your list? It is already signed out; it appears
                again only if someone signs in on it.
              </>
            )
          }
          confirmLabel={confirming.kind === 'sign-out' ? 'Sign out' : 'Remove'}
          busyLabel={confirming.kind === 'sign-out' ? 'Signing out…' : 'Removing…'}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={close}
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  )
}

function summary(results: SignOutOthersResult[]): { done: string; failed: SignOutOthersResult[] } {
  const signedOut = results.filter((r) => r.outcome === 'signed-out').length
  const failed = results.filter((r) => r.outcome === 'failed')
  const done =
    signedOut === 0
      ? failed.length === 0
        ? 'Every other device was already signed out.'
        : ''
      : `Signed out ${signedOut} other device${signedOut === 1 ? '' : 's'}.`
  return { done, failed }
}

/** "Sign out of all other devices", with its own confirmation and a per-device report of what failed. */
function SignOutOthers({
  actions,
  count,
  disabledReason,
  disabledReasonId,
}: {
  actions: DeviceActions | null
  count: number
  disabledReason: string | null
  disabledReasonId: string | null
}) {
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ReturnType<typeof summary> | null>(null)
  const [error, setError] = useState<DescribedError | null>(null)
  const openRef = useRef<HTMLButtonElement>(null)

  const close = () => {
    setConfirming(false)
    openRef.current?.focus()
  }
  const confirm = async () => {
    if (!actions) return
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      setResult(summary(await actions.signOutOthers()))
    } catch (caught) {
      setError(describeConvexError(caught))
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }

  return (
    <div className="devices-others">
      <button
        ref={openRef}
        type="button"
        className="hb-button"
        data-variant="danger"
        disabled={actions === null || count === 0 || confirming || busy}
        title={actions === null ? (disabledReason ?? undefined) : undefined}
        aria-describedby={actions === null && disabledReasonId ? disabledReasonId : undefined}
        onClick={() => setConfirming(true)}
      >
        Sign out of all other devices…
      </button>
      {confirming ? (
        <ConfirmPanel
          message={
            <>
              Sign out {count === 1 ? 'the other device' : `all ${count} other devices`}? This device stays
              signed in. {SIGN_OUT_EXPLAINED}
            </>
          }
          confirmLabel="Sign out all"
          busyLabel="Signing out…"
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={close}
        />
      ) : null}
      <p className="hb-visually-hidden" role="status">
        {result?.done ?? ''}
      </p>
      {result?.done ? <p className="devices-why">{result.done}</p> : null}
      {result && result.failed.length > 0 ? (
        <div className="hb-notice" data-tone="error" role="alert">
          <strong>
            {result.failed.length === 1
              ? `${result.failed[0]!.name} could not be signed out`
              : `${result.failed.length} devices could not be signed out`}
          </strong>
          <ul>
            {result.failed.map((r) => (
              <li key={r.deviceId}>
                {r.name}: {r.error ? describeConvexError(asConvexError(r.error)).message : 'unknown error'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  )
}

/** A per-device failure arrives as data; describe it exactly as a thrown ConvexError would be. */
function asConvexError(data: { code: string; message: string }): Error {
  const error = Object.assign(new Error(data.message), { name: 'ConvexError', data })
  return error
}

export function DeviceList(props: {
  devices: DeviceRow[]
  thisDeviceId: string | undefined
  /** This device is connected now, so its row may say "active now". */
  thisDeviceActive: boolean
  selectedId: string | undefined
  actions: DeviceActions | null
  /** Why the actions are unavailable (when `actions` is null): the list's one note, which every disabled
   * button points at and shows as its tooltip. */
  disabledReason: string | null
  /** What an empty list says: it depends on whether this device can register now. */
  emptyText: string
}) {
  const { devices, thisDeviceId, selectedId, actions } = props
  const whyId = useId()
  const others = devices.filter((d) => d.deviceId !== thisDeviceId)
  const explainDisabled = actions === null && props.disabledReason !== null && devices.length > 0
  const missing = selectedId !== undefined && !devices.some((device) => device.deviceId === selectedId)
  const stillSignedIn = others.filter((d) => !d.signedOut).length
  const reasonText = explainDisabled ? props.disabledReason : null
  return (
    <>
      {missing ? (
        <div className="hb-notice" role="status">
          <strong>That device is not in your list</strong>
          <p>It may have been removed, or it belongs to another account.</p>
        </div>
      ) : null}
      <div className="hb-card devices-card">
        {explainDisabled ? (
          <p id={whyId} className="devices-why">
            {props.disabledReason}
          </p>
        ) : null}
        {devices.length === 0 ? (
          <p className="devices-empty">{props.emptyText}</p>
        ) : (
          <ul className="devices-list" aria-label="Devices">
            {ordered(devices, thisDeviceId).map((device) => (
              <DeviceListItem
                key={device.deviceId}
                device={device}
                isThisDevice={device.deviceId === thisDeviceId}
                thisDeviceActive={props.thisDeviceActive}
                selected={device.deviceId === selectedId}
                actions={actions}
                disabledReason={reasonText}
                disabledReasonId={explainDisabled ? whyId : null}
              />
            ))}
          </ul>
        )}
        {others.length > 0 ? (
          <SignOutOthers
            actions={actions}
            count={stillSignedIn}
            disabledReason={reasonText}
            disabledReasonId={explainDisabled ? whyId : null}
          />
        ) : null}
      </div>
    </>
  )
}
