// Copies text from a click handler. `navigator.clipboard.writeText` needs the `clipboard-sanitized-write`
// permission, which a locked-down Electron session may deny; the legacy copy command needs only the user's
// click, so it is the fallback. If both fail, the caller shows the text for manual copying.

type LegacyDocument = Pick<Document, 'createElement' | 'body'> & {
  execCommand?: (command: string) => boolean
}

export async function copyText(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | undefined = navigator.clipboard,
  doc: LegacyDocument = document,
): Promise<void> {
  let firstError: unknown = new Error('The clipboard is not available here.')
  if (clipboard) {
    try {
      await clipboard.writeText(text)
      return
    } catch (error) {
      firstError = error
    }
  }
  if (typeof doc.execCommand === 'function') {
    const area = doc.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    // Off-screen, not display:none: a hidden element cannot be selected.
    area.style.position = 'fixed'
    area.style.left = '-10000px'
    doc.body.appendChild(area)
    try {
      area.select()
      if (doc.execCommand('copy')) return
    } finally {
      area.remove()
    }
  }
  throw firstError
}
