import { ConvexError } from 'convex/values'
import { describe, expect, it } from 'vitest'
import { APP_ERROR_CODES } from '../../../electron/shared/rules/app-errors'
import { describeConvexError, TimeoutError } from './convex-errors'

describe('describeConvexError', () => {
  it.each([
    ['UNAUTHENTICATED', 'Not signed in to the server', true],
    ['USER_NOT_SYNCED', 'Your account is still being set up', true],
    ['USER_DELETED', 'This account was deleted', false],
    ['INVALID_ARGUMENT', 'The request was not valid', false],
    ['NOT_FOUND', 'Not found', false],
    ['DEVICE_NOT_FOUND', 'That device is gone', false],
    ['DEVICE_NOT_YOURS', 'Not your device', false],
    ['DEVICE_IS_CURRENT', 'That is this device', false],
    ['DEVICE_SESSION_UNKNOWN', 'Cannot sign that device out from here', false],
    ['DEVICE_SIGNED_OUT', 'This device was signed out', false],
    ['SIGN_OUT_UNAVAILABLE', 'Signing other devices out is not set up', false],
  ])('maps the server code %s to its own title', (code, title, retryable) => {
    const described = describeConvexError(new ConvexError({ code, message: 'server says so' }))
    expect(described).toMatchObject({ code, title, retryable })
    expect(described.message.length).toBeGreaterThan(20)
  })

  it('keeps the server message for validation and not-found errors, which say what was wrong', () => {
    expect(
      describeConvexError(new ConvexError({ code: 'INVALID_ARGUMENT', message: 'name is too long' })).message,
    ).toContain('name is too long')
    expect(
      describeConvexError(new ConvexError({ code: 'NOT_FOUND', message: 'No device abc' })).message,
    ).toContain('No device abc')
  })

  it('shows the server reason for a failed sign-out in place of the template (it says nothing changed)', () => {
    const message = 'The sign-in service did not answer in time. Nothing was changed; try again.'
    expect(describeConvexError(new ConvexError({ code: 'SIGN_OUT_FAILED', message }))).toEqual({
      code: 'SIGN_OUT_FAILED',
      title: 'The device could not be signed out',
      message,
      retryable: true,
    })
  })

  it('does not echo the server message for auth errors (the template is clearer)', () => {
    const described = describeConvexError(
      new ConvexError({ code: 'UNAUTHENTICATED', message: 'ctx.auth was null' }),
    )
    expect(described.message).not.toContain('ctx.auth')
  })

  it('recognises a ConvexError from another bundled copy by its symbol tag', () => {
    const foreign = Object.assign(new Error('x'), { data: { code: 'USER_DELETED', message: 'gone' } })
    ;(foreign as unknown as Record<symbol, unknown>)[Symbol.for('ConvexError')] = true
    expect(describeConvexError(foreign).code).toBe('USER_DELETED')
  })

  it('passes an unknown server code through with the server message, clipped', () => {
    const described = describeConvexError(
      new ConvexError({ code: 'RATE_LIMITED', message: 'x'.repeat(1000) }),
    )
    expect(described.code).toBe('RATE_LIMITED')
    expect(described.message.length).toBeLessThanOrEqual(300)
  })

  it('describes every code the server throws, and treats an inherited name such as "constructor" as unknown', () => {
    for (const code of APP_ERROR_CODES) {
      expect(describeConvexError(new ConvexError({ code, message: 'x' })).code).toBe(code)
    }
    const odd = describeConvexError(new ConvexError({ code: 'constructor', message: 'from the server' }))
    expect(odd).toMatchObject({ code: 'constructor', message: 'from the server', retryable: true })
  })

  it('handles ConvexError data that is a string or has no code', () => {
    expect(describeConvexError(new ConvexError('plain text')).message).toBe('plain text')
    expect(describeConvexError(new ConvexError({ nope: 1 })).code).toBe('UNKNOWN')
  })

  it('maps fetch failures and Chromium network error names to NETWORK', () => {
    expect(describeConvexError(new TypeError('Failed to fetch')).code).toBe('NETWORK')
    expect(describeConvexError(new Error('net::ERR_INTERNET_DISCONNECTED')).code).toBe('NETWORK')
  })

  it('maps our timeouts to TIMEOUT', () => {
    expect(describeConvexError(new TimeoutError('getToken', 10))).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    })
  })

  it('maps an opaque Convex server error to SERVER_ERROR without its internals', () => {
    const described = describeConvexError(
      new Error('[CONVEX M(users:store)] [Request ID: abc] Server Error\nUncaught Error: boom'),
    )
    expect(described.code).toBe('SERVER_ERROR')
    expect(described.message).not.toContain('boom')
  })

  it.each([[undefined], [null], ['a string'], [42], [{ code: 'USER_DELETED' }], [new Error('weird')]])(
    'treats %s as UNKNOWN rather than trusting its shape',
    (value) => {
      expect(describeConvexError(value)).toMatchObject({ code: 'UNKNOWN', title: 'Something went wrong' })
    },
  )
})
