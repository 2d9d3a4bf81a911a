import { describe, expect, it, vi } from 'vitest'
import { copyText } from './copy-text'

function legacyDocument(result: boolean) {
  const execCommand = vi.fn((_command: string) => {
    // The text must be selected in a textarea that is in the document when the command runs.
    const area = document.body.querySelector('textarea')
    copied = area?.value ?? null
    return result
  })
  let copied: string | null = null
  const doc = Object.assign(document, { execCommand })
  return { doc, execCommand, copied: () => copied }
}

describe('copyText', () => {
  it('uses the async clipboard when it works', async () => {
    const writeText = vi.fn(async () => {})
    const { doc, execCommand } = legacyDocument(true)
    await copyText('report', { writeText }, doc)
    expect(writeText).toHaveBeenCalledWith('report')
    expect(execCommand).not.toHaveBeenCalled()
  })

  it('falls back to the copy command when the clipboard permission is denied, and cleans up', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('Write permission denied.')
    })
    const { doc, execCommand, copied } = legacyDocument(true)
    await copyText('report', { writeText }, doc)
    expect(execCommand).toHaveBeenCalledWith('copy')
    expect(copied()).toBe('report')
    expect(document.body.querySelector('textarea')).toBeNull()
  })

  it('reports the clipboard error when both ways fail', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('Write permission denied.')
    })
    const { doc } = legacyDocument(false)
    await expect(copyText('report', { writeText }, doc)).rejects.toThrow('Write permission denied.')
    await expect(copyText('report', undefined, doc)).rejects.toThrow('The clipboard is not available here.')
    expect(document.body.querySelector('textarea')).toBeNull()
  })
})
