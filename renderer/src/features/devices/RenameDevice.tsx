// Inline rename of a device row: the name becomes a text field, Enter saves, Escape cancels. The name rule is
// the server's own (electron/shared/rules/limits.ts), checked here first so a mistake is explained at once,
// beside the field, without a round trip.
import { useEffect, useId, useRef, useState } from 'react'
import { parseDeviceCustomName } from '../../../../electron/shared/rules/limits'
import { describeConvexError } from '../../backend/convex-errors'

/** Words for a rename the server refused, next to the field (the generic ones talk about signing out). */
export function renameProblem(error: unknown): string {
  const described = describeConvexError(error)
  switch (described.code) {
    case 'DEVICE_NOT_FOUND':
      return 'This device is no longer in your list, so it cannot be renamed. It may have been removed from another device.'
    case 'DEVICE_NOT_YOURS':
      return 'That device belongs to another account, so it cannot be renamed from here.'
    default:
      return `${described.title}. ${described.message}`
  }
}

export function RenameDeviceForm({
  currentName,
  rename,
  disabledReason,
  disabledReasonId,
  onClose,
}: {
  currentName: string
  /** null when renaming is not possible now (offline); the field stays, Save is disabled with the reason. */
  rename: ((name: string) => Promise<void>) | null
  disabledReason: string | null
  disabledReasonId: string | null
  /** Called when the form is done: saved, unchanged or cancelled. */
  onClose(): void
}) {
  const [value, setValue] = useState(currentName)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const problemId = useId()

  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [])

  const save = async () => {
    const parsed = parseDeviceCustomName(value)
    if (!parsed.ok) {
      setProblem(parsed.message)
      inputRef.current?.focus()
      return
    }
    if (parsed.name === currentName) return onClose()
    if (rename === null) return
    setBusy(true)
    setProblem(null)
    try {
      await rename(parsed.name)
      onClose()
    } catch (caught) {
      setProblem(renameProblem(caught))
      setBusy(false)
    }
  }

  const describedBy = [problem ? problemId : null, rename === null ? disabledReasonId : null]
    .filter(Boolean)
    .join(' ')
  return (
    <form
      className="devices-rename"
      aria-label="Rename device"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      <label className="devices-rename-label" htmlFor={inputId}>
        Device name
      </label>
      <div className="devices-rename-controls">
        <input
          ref={inputRef}
          id={inputId}
          className="devices-rename-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={value}
          // Read-only, not disabled, while saving: the focus stays in the field for a refusal to be fixed.
          readOnly={busy}
          aria-invalid={problem !== null}
          aria-describedby={describedBy || undefined}
          onChange={(event) => {
            setValue(event.target.value)
            setProblem(null)
          }}
        />
        <button
          type="submit"
          className="hb-button"
          data-variant="primary"
          disabled={busy || rename === null}
          title={rename === null ? (disabledReason ?? undefined) : undefined}
          aria-describedby={rename === null && disabledReasonId ? disabledReasonId : undefined}
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="hb-button" disabled={busy} onClick={onClose}>
          Cancel
        </button>
      </div>
      {problem ? (
        <p id={problemId} className="devices-rename-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  )
}
