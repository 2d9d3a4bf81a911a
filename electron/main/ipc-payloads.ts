// What the renderer may send on each invoke channel. One parser per channel of the contract (the mapped type
// makes a missing one a compile error); the router runs it before any handler sees the arguments.
import { RENDERER_LOG_MAX_CHARS, type InvokeChannel, type InvokeChannels } from '../shared/contract'
import { isAppearanceMode } from './appearance'

export type ParsedArgs<C extends InvokeChannel> =
  { ok: true; args: InvokeChannels[C]['args'] } | { ok: false; reason: string }

export type PayloadParsers = { [C in InvokeChannel]: (args: readonly unknown[]) => ParsedArgs<C> }

const MAX_URL_LENGTH = 2048

function noArgs<C extends InvokeChannel>(args: readonly unknown[]): ParsedArgs<C> {
  return args.length === 0
    ? { ok: true, args: [] as unknown as InvokeChannels[C]['args'] }
    : { ok: false, reason: `expected no arguments, got ${args.length}` }
}

export interface PayloadParserOptions {
  /** The offline cache's own strict parser (`parseLastKnownUser` from ./last-known-user). */
  parseLastKnownUser: (
    value: unknown,
  ) => { ok: true; user: InvokeChannels['last-user:write']['args'][0] } | { ok: false; reason: string }
}

export function createPayloadParsers(options: PayloadParserOptions): PayloadParsers {
  return {
    'app:get-info': noArgs,
    'device:get-info': noArgs,
    'storage:get-persistence': noArgs,
    'links:renderer-ready': noArgs,
    'shell:open-external': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [url] = args
      if (typeof url !== 'string') return { ok: false, reason: 'url must be a string' }
      if (url.length > MAX_URL_LENGTH)
        return { ok: false, reason: `url is longer than ${MAX_URL_LENGTH} characters` }
      return { ok: true, args: [url] }
    },
    'last-user:read': noArgs,
    'last-user:write': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const parsed = options.parseLastKnownUser(args[0])
      return parsed.ok
        ? { ok: true, args: [parsed.user] }
        : { ok: false, reason: `invalid user: ${parsed.reason}` }
    },
    'last-user:forget': noArgs,
    'session:clear-local': noArgs,
    'session:early': noArgs,
    'updates:get': noArgs,
    'updates:set-channel': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [channel] = args
      return channel === 'stable' || channel === 'beta'
        ? { ok: true, args: [channel] }
        : { ok: false, reason: 'channel must be "stable" or "beta"' }
    },
    'updates:check': noArgs,
    'updates:install': noArgs,
    'updates:later': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [version] = args
      if (typeof version !== 'string') return { ok: false, reason: 'version must be a string' }
      // A semantic version as the feed names it (1.2.0, 1.3.0-beta.1+build.5), nothing longer or stranger.
      return /^[0-9A-Za-z.+-]{1,64}$/.test(version)
        ? { ok: true, args: [version] }
        : { ok: false, reason: 'version must be 1 to 64 of [0-9A-Za-z.+-]' }
    },
    'log:write': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [entry] = args
      if (typeof entry !== 'object' || entry === null) return { ok: false, reason: 'entry must be an object' }
      const { level, message, ...rest } = entry as Record<string, unknown>
      if (Object.keys(rest).length > 0) return { ok: false, reason: 'entry has unknown fields' }
      if (level !== 'error' && level !== 'warn' && level !== 'info')
        return { ok: false, reason: 'level must be "error", "warn" or "info"' }
      if (typeof message !== 'string') return { ok: false, reason: 'message must be a string' }
      if (message.length > RENDERER_LOG_MAX_CHARS)
        return { ok: false, reason: `message is longer than ${RENDERER_LOG_MAX_CHARS} characters` }
      return { ok: true, args: [{ level, message }] }
    },
    'sidebar:get': noArgs,
    'sidebar:set': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [collapsed] = args
      return typeof collapsed === 'boolean'
        ? { ok: true, args: [collapsed] }
        : { ok: false, reason: 'collapsed must be true or false' }
    },
    'appearance:get': noArgs,
    'appearance:set': (args) => {
      if (args.length !== 1) return { ok: false, reason: `expected 1 argument, got ${args.length}` }
      const [mode] = args
      return isAppearanceMode(mode)
        ? { ok: true, args: [mode] }
        : { ok: false, reason: 'mode must be "system", "light" or "dark"' }
    },
    'recovery:take-notice': noArgs,
  }
}
