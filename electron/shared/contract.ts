// The one IPC contract between the main process and the renderer. Main-process handlers, the preload and the
// renderer are all typed from this file, so renaming a channel or changing a payload is a type error
// everywhere. It must stay free of Node and DOM types: both sides compile it.

export type DevicePlatform = 'macos' | 'windows' | 'linux'

export interface AppInfo {
  productName: string
  version: string
  /** The URL scheme this build answers to (differs between development and packaged builds). */
  scheme: string
  /** `<scheme>://renderer` */
  rendererOrigin: string
  isPackaged: boolean
  platform: DevicePlatform
}

export interface DeviceInfo {
  /** Generated once per installation and kept in userData. */
  deviceId: string
  /** A human name for this machine, e.g. the host name. */
  name: string
  platform: DevicePlatform
  appVersion: string
}

/**
 * Where the Clerk client token is kept. `memory` means no keychain and no real encryption backend was
 * available: the user stays signed in only until the app quits.
 */
export type PersistenceMode = 'keychain' | 'encrypted-file' | 'memory'

/** An in-app route opened from outside through `<scheme>://renderer/<route>`; the table is rules/routes.ts. */
export type { AppRoute } from './rules/routes'
import type { AppRoute } from './rules/routes'

export type OpenExternalResult = { ok: true } | { ok: false; reason: string }

/** The last known signed-in user, kept (encrypted) so the app can start offline. Never holds a token. */
export interface LastKnownUser {
  /** Format version of this record; a record with another version is discarded. */
  version: 1
  clerkUserId: string
  profile: {
    name?: string
    email?: string
    pictureUrl?: string
  }
  devices: Array<{
    deviceId: string
    name: string
    platform: DevicePlatform
    appVersion: string
    lastSeenAt: number
  }>
  /** When the session was last confirmed by the servers (ms since epoch). */
  confirmedOnlineAt: number
}

export type LastKnownUserRead =
  | { status: 'none' }
  | { status: 'valid'; user: LastKnownUser; ageMs: number; maxAgeMs: number }
  | { status: 'expired'; ageMs: number; maxAgeMs: number }
  /** The stored record could not be decrypted or parsed; it has been removed. */
  | { status: 'discarded'; reason: string }

/**
 * The signed-in user's Convex token before clerk-js has loaded, read from Clerk's client by the main process
 * (electron/main/early-session.ts; what counts as one: electron/shared/early-session.ts).
 */
export interface EarlySession {
  sessionId: string
  userId: string
  /** Clerk's session token for this session (Convex integration: `aud` "convex"). */
  token: string
  /** ms since epoch, from the token's `exp`. */
  expiresAt: number
}

export type UpdateChannel = 'stable' | 'beta'

/** Light, dark, or whatever the OS uses (electron/main/appearance.ts). */
export type AppearanceMode = 'system' | 'light' | 'dark'

export type UpdateState =
  | { status: 'disabled'; reason: string }
  | { status: 'idle' }
  | { status: 'checking' }
  | {
      status: 'up-to-date'
      checkedAt: number
      /**
       * Set when this build is newer than the newest release on the chosen channel (typically after leaving
       * beta for stable). Nothing is downgraded: the next release on the channel that is newer installs as usual.
       */
      aheadOfChannel?: { latestVersion: string }
    }
  | { status: 'available'; version: string; release?: ReleaseInfo }
  | {
      status: 'downloading'
      version: string
      percent: number
      bytesPerSecond: number
      release?: ReleaseInfo
    }
  | {
      status: 'ready'
      version: string
      release?: ReleaseInfo
      /**
       * The user chose "Later" for this version in this run: the window stops asking (Settings still offers the
       * restart). Cleared when the OS notification is clicked. Not stored: the update installs when Harbor quits.
       */
      deferred?: boolean
    }
  | { status: 'error'; message: string }

/**
 * What the update feed says about a release, made safe in the main process (electron/main/release-notes.ts):
 * plain text only (never markup), control and bidi characters removed, lengths capped.
 */
export interface ReleaseInfo {
  /** The release's title, one line, at most RELEASE_NAME_MAX_CHARS. */
  name: string | null
  /** ISO 8601. */
  date: string | null
  /** Paragraphs separated by blank lines, list items starting with "• "; at most RELEASE_NOTES_MAX_CHARS. */
  notes: string | null
  /** The feed's notes were longer and were cut (they end with "…"). */
  notesTruncated: boolean
}
export const RELEASE_NOTES_MAX_CHARS = 8000
export const RELEASE_NAME_MAX_CHARS = 120

/** One line of the renderer's console, forwarded to main.log (electron/main/renderer-log.ts). */
export interface RendererLogEntry {
  level: 'error' | 'warn' | 'info'
  /** At most RENDERER_LOG_MAX_CHARS characters; the renderer shortens longer lines before sending. */
  message: string
}
export const RENDERER_LOG_MAX_CHARS = 8192

/** Told to the page that loads after the window's renderer process died (electron/main/renderer-recovery.ts). */
export interface RecoveryNotice {
  /** `restarted`: the window was reloaded once and carries on; `crashed-again`: show the crash screen. */
  kind: 'restarted' | 'crashed-again'
  /** Electron's reason and exit code, for the report (not for the user's eyes). */
  reason: string
  at: number
}

export interface UpdateSnapshot {
  channel: UpdateChannel
  currentVersion: string
  state: UpdateState
}

/**
 * Request/response channels (`ipcRenderer.invoke` -> `ipcMain.handle`). `args` is what the renderer sends and
 * is validated in the main process before any handler runs; `result` is what it gets back.
 */
export interface InvokeChannels {
  'app:get-info': { args: []; result: AppInfo }
  'device:get-info': { args: []; result: DeviceInfo }
  'storage:get-persistence': { args: []; result: PersistenceMode }
  /** The renderer can take app links now: queued links are delivered after this. */
  'links:renderer-ready': { args: []; result: void }
  'shell:open-external': { args: [url: string]; result: OpenExternalResult }
  'last-user:read': { args: []; result: LastKnownUserRead }
  'last-user:write': { args: [user: LastKnownUser]; result: void }
  'last-user:forget': { args: []; result: void }
  /**
   * Sign-out that cannot wait for the network: removes every Clerk secret this app stored and the last known
   * user, at once. The server session ends when its token expires.
   */
  'session:clear-local': { args: []; result: void }
  /**
   * The signed-in user's Convex token, read from Clerk's client by the main process at launch, before clerk-js
   * has loaded (electron/main/early-session.ts). Answered once per launch, to the first document that asks;
   * null for later documents, after a sign-out, and whenever the read found nothing.
   */
  'session:early': { args: []; result: EarlySession | null }
  'updates:get': { args: []; result: UpdateSnapshot }
  'updates:set-channel': { args: [channel: UpdateChannel]; result: UpdateSnapshot }
  'updates:check': { args: []; result: UpdateSnapshot }
  'updates:install': { args: []; result: void }
  /** "Later" on the ready card: stop asking about this version in this run (ignored for any other version). */
  'updates:later': { args: [version: string]; result: UpdateSnapshot }
  'log:write': { args: [entry: RendererLogEntry]; result: void }
  'appearance:get': { args: []; result: AppearanceMode }
  'appearance:set': { args: [mode: AppearanceMode]; result: AppearanceMode }
  /** Whether the sidebar is collapsed to icons (electron/main/sidebar-setting.ts); remembered across launches. */
  'sidebar:get': { args: []; result: boolean }
  'sidebar:set': { args: [collapsed: boolean]; result: boolean }
  /** Whether this page is loading after a renderer crash; answered once per crash. */
  'recovery:take-notice': { args: []; result: RecoveryNotice | null }
}

/** Main -> renderer events. Listeners receive only the payload, never the Electron event. */
export interface EventChannels {
  'links:open': AppRoute
  'storage:persistence-changed': PersistenceMode
  'updates:state': UpdateSnapshot
}

export type InvokeChannel = keyof InvokeChannels
export type EventChannel = keyof EventChannels

type Invoker<C extends InvokeChannel> = (
  ...args: InvokeChannels[C]['args']
) => Promise<InvokeChannels[C]['result']>
type Subscriber<C extends EventChannel> = (listener: (payload: EventChannels[C]) => void) => () => void

/** What the preload exposes as `window.desktop`. Nothing else of Electron reaches the renderer. */
export interface DesktopApi {
  app: { getInfo: Invoker<'app:get-info'> }
  device: { getInfo: Invoker<'device:get-info'> }
  storage: {
    getPersistence: Invoker<'storage:get-persistence'>
    onPersistenceChanged: Subscriber<'storage:persistence-changed'>
  }
  links: {
    /** Subscribe first, then call `ready()`: links that arrived before are delivered then. */
    onOpen: Subscriber<'links:open'>
    ready: Invoker<'links:renderer-ready'>
  }
  shell: { openExternal: Invoker<'shell:open-external'> }
  lastUser: {
    read: Invoker<'last-user:read'>
    write: Invoker<'last-user:write'>
    forget: Invoker<'last-user:forget'>
  }
  session: { clearLocal: Invoker<'session:clear-local'>; early: Invoker<'session:early'> }
  updates: {
    get: Invoker<'updates:get'>
    setChannel: Invoker<'updates:set-channel'>
    check: Invoker<'updates:check'>
    install: Invoker<'updates:install'>
    later: Invoker<'updates:later'>
    onState: Subscriber<'updates:state'>
  }
  log: { write: Invoker<'log:write'> }
  appearance: { get: Invoker<'appearance:get'>; set: Invoker<'appearance:set'> }
  sidebar: { getCollapsed: Invoker<'sidebar:get'>; setCollapsed: Invoker<'sidebar:set'> }
  recovery: { takeNotice: Invoker<'recovery:take-notice'> }
}
