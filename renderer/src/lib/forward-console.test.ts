import { describe, expect, it, vi } from 'vitest'
import type { RendererLogEntry } from '../../../electron/shared/contract'
import { forwardConsole, formatLogLine } from './forward-console'

function fakeConsole() {
  return { error: vi.fn(), warn: vi.fn(), info: vi.fn() }
}

describe('forwardConsole', () => {
  it('still prints, and forwards each line with its level', () => {
    const target = fakeConsole()
    const printed = { ...target }
    const sent: RendererLogEntry[] = []
    forwardConsole(target, async (entry) => void sent.push(entry))
    target.error('Convex failed', new Error('boom'))
    target.warn('slow', { ms: 812 })
    target.info('ready')
    expect(printed.error).toHaveBeenCalledWith('Convex failed', expect.any(Error))
    expect(sent.map((e) => e.level)).toEqual(['error', 'warn', 'info'])
    expect(sent[0]!.message).toMatch(/^Convex failed Error: boom/)
    expect(sent[1]!.message).toBe('slow {"ms":812}')
  })

  it('a failing or missing forward never throws and never logs again', async () => {
    const target = fakeConsole()
    const printed = target.error
    forwardConsole(target, () => {
      throw new Error('no preload')
    })
    expect(() => target.error('x')).not.toThrow()
    const rejecting = fakeConsole()
    forwardConsole(rejecting, () => Promise.reject(new Error('window closing')))
    rejecting.error('y')
    await Promise.resolve()
    expect(printed).toHaveBeenCalledTimes(1)
  })

  it('forwards uncaught errors and unhandled rejections, and tears down', () => {
    const target = fakeConsole()
    const events = new EventTarget()
    const sent: RendererLogEntry[] = []
    const stop = forwardConsole(target, async (entry) => void sent.push(entry), events as unknown as Window)
    const error = new Event('error') as Event & { error?: unknown; message?: string }
    Object.assign(error, { error: new TypeError('x is undefined'), message: 'x is undefined' })
    events.dispatchEvent(error)
    const rejection = new Event('unhandledrejection') as Event & { reason?: unknown }
    Object.assign(rejection, { reason: 'network down' })
    events.dispatchEvent(rejection)
    expect(sent.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Uncaught TypeError: x is undefined/),
      'Unhandled rejection network down',
    ])
    stop()
    target.error('after')
    events.dispatchEvent(new Event('unhandledrejection'))
    expect(sent).toHaveLength(2)
  })

  it('shortens long lines to what the main process accepts, and describes odd values', () => {
    expect(formatLogLine(['x'.repeat(10_000)])).toHaveLength(8192)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(formatLogLine([circular, undefined, 3n === 3n])).toBe('[object Object] undefined true')
  })
})
