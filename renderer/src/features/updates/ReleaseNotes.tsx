// Release notes as the main process hands them over: plain text (electron/main/release-notes.ts made it so), shown
// as text nodes only, never as markup. Long notes open with their first lines and a "Show more".
import { useId, useState } from 'react'
import type { ReleaseInfo } from '../../../../electron/shared/contract'

/** About four lines of the card: enough to tell what changed, short enough to keep the buttons in view. */
export const NOTES_PREVIEW_CHARS = 200

function preview(notes: string): string {
  if (notes.length <= NOTES_PREVIEW_CHARS) return notes
  const cut = notes.slice(0, NOTES_PREVIEW_CHARS)
  const at = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '))
  return `${(at > NOTES_PREVIEW_CHARS / 2 ? cut.slice(0, at) : cut).trimEnd()}…`
}

export function formatReleaseDate(iso: string): string {
  return new Date(iso).toLocaleDateString([], { year: 'numeric', month: 'long', day: 'numeric' })
}

export function ReleaseNotes({ release, version }: { release: ReleaseInfo | undefined; version: string }) {
  const [expanded, setExpanded] = useState(false)
  const notesId = useId()
  if (!release) return null
  const { name, date, notes } = release
  // A title that only repeats "Harbor 1.3.0" says nothing the heading does not.
  const title = name && !name.includes(version) ? name : null
  const meta = [title, date ? `Released ${formatReleaseDate(date)}` : null].filter(Boolean).join(' · ')
  const long = notes !== null && notes.length > NOTES_PREVIEW_CHARS
  return (
    <>
      {meta && <p className="update-release-meta">{meta}</p>}
      {notes && (
        <div
          id={notesId}
          className={`update-release-notes${expanded ? ' update-release-notes-expanded' : ''}`}
          data-testid="update-release-notes"
          // Scrolls when expanded, so it must be reachable from the keyboard.
          tabIndex={expanded ? 0 : undefined}
          role={expanded ? 'region' : undefined}
          aria-label={expanded ? 'Release notes' : undefined}
        >
          {(expanded || !long ? notes : preview(notes)).split(/\n{2,}/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      )}
      {long && (
        <button
          type="button"
          className="update-link-button"
          aria-expanded={expanded}
          aria-controls={notesId}
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </>
  )
}
