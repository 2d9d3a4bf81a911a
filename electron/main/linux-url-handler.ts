// An AppImage installs no desktop entry, so without help `xdg-open harbor://...` (a sign-in link from the browser)
// finds no handler. On start-up an AppImage build writes a user-level entry that runs this AppImage with the URL
// and makes it the default handler for the scheme. deb installs ship their own entry and are left alone.
// Everything the module touches (env, files, processes) is passed in.
import type { execFile as ExecFile } from 'node:child_process'

export interface UrlHandlerFs {
  /** Rejects with code ENOENT when the file does not exist. */
  readFile(path: string, encoding: 'utf8'): Promise<string>
  /** Replaces the file atomically, creating its folder (`writeFileAtomic` from atomic-file.ts). */
  writeFileAtomic(path: string, data: string): Promise<void>
  /** Deletes what interrupted writes of these files left (`removeLeftoverTempFiles` from atomic-file.ts). */
  removeLeftoverTempFiles(targets: string[]): Promise<unknown>
}

export type ExecResult = { ok: true } | { ok: false; reason: string }

export interface LinuxUrlHandlerDeps {
  platform: string
  /** `process.env`: APPIMAGE (set by the AppImage runtime) and XDG_DATA_HOME. */
  env: Record<string, string | undefined>
  /** `app.getPath('home')` */
  homeDir: string
  fs: UrlHandlerFs
  /** Runs a program without a shell; never rejects. */
  exec(file: string, args: string[]): Promise<ExecResult>
  logger: { info(message: string): void; warn(message: string): void }
}

export interface LinuxUrlHandlerOptions {
  scheme: string
  productName: string
}

export type UrlHandlerResult =
  | { status: 'skipped'; reason: string }
  | { status: 'unchanged'; desktopFile: string }
  | { status: 'registered'; desktopFile: string; defaultHandler: ExecResult }
  | { status: 'failed'; reason: string }

const SCHEME = /^[a-z][a-z0-9+.-]*$/
// Control characters cannot be written into a one-line desktop entry value at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/

export function desktopFileName(scheme: string): string {
  return `${scheme}-url-handler.desktop`
}

/**
 * Quotes an argument for a desktop entry `Exec` key: inside double quotes `"`, `` ` ``, `$` and `\` are
 * backslash-escaped, then the string-value escaping doubles every backslash, and `%` becomes `%%` so it is not
 * read as a field code. Returns null for a path that cannot be represented (control characters).
 */
export function quoteExecArgument(value: string): string | null {
  if (CONTROL.test(value)) return null
  const quoted = value.replace(/["`$\\]/g, (c) => `\\${c}`)
  return `"${quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%')}"`
}

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\')
}

export function renderDesktopEntry(
  options: LinuxUrlHandlerOptions & { appImagePath: string },
): string | null {
  const exec = quoteExecArgument(options.appImagePath)
  if (exec === null) return null
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${escapeValue(options.productName)}`,
    `Comment=Opens ${escapeValue(options.productName)} sign-in links`,
    `Exec=${exec} %U`,
    'Terminal=false',
    // A link handler, not a second launcher next to whatever menu entry the user made for the AppImage.
    'NoDisplay=true',
    `MimeType=x-scheme-handler/${options.scheme};`,
    '',
  ].join('\n')
}

/** Writes (or refreshes, when the AppImage moved) the handler entry and registers it with xdg-mime. */
export async function registerLinuxUrlHandler(
  deps: LinuxUrlHandlerDeps,
  options: LinuxUrlHandlerOptions,
): Promise<UrlHandlerResult> {
  if (deps.platform !== 'linux') return { status: 'skipped', reason: 'not Linux' }
  const appImagePath = deps.env.APPIMAGE
  if (!appImagePath) return { status: 'skipped', reason: 'not running from an AppImage' }
  if (!appImagePath.startsWith('/')) return { status: 'skipped', reason: 'APPIMAGE is not an absolute path' }
  if (!SCHEME.test(options.scheme))
    return { status: 'failed', reason: `invalid URL scheme ${JSON.stringify(options.scheme)}` }

  const contents = renderDesktopEntry({ ...options, appImagePath })
  if (contents === null) return { status: 'skipped', reason: 'the AppImage path contains control characters' }

  const dataHome = deps.env.XDG_DATA_HOME?.startsWith('/')
    ? deps.env.XDG_DATA_HOME
    : `${deps.homeDir}/.local/share`
  const directory = `${dataHome}/applications`
  const name = desktopFileName(options.scheme)
  const desktopFile = `${directory}/${name}`

  try {
    await deps.fs.removeLeftoverTempFiles([desktopFile])
    const existing = await deps.fs.readFile(desktopFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (existing === contents) return { status: 'unchanged', desktopFile }

    await deps.fs.writeFileAtomic(desktopFile, contents)
  } catch (error) {
    const reason = `could not write ${desktopFile}: ${error instanceof Error ? error.message : String(error)}`
    deps.logger.warn(`Sign-in link handler not installed, ${reason}`)
    return { status: 'failed', reason }
  }

  // The entry alone is not enough on desktops that keep an explicit default: make it the default handler.
  const defaultHandler = await deps.exec('xdg-mime', ['default', name, `x-scheme-handler/${options.scheme}`])
  if (!defaultHandler.ok) deps.logger.warn(`xdg-mime could not register ${name}: ${defaultHandler.reason}`)
  // Refreshes the MIME cache where the tool exists; the entry works without it on most desktops.
  await deps.exec('update-desktop-database', [directory])
  deps.logger.info(`Registered ${desktopFile} for ${options.scheme}:// links`)
  return { status: 'registered', desktopFile, defaultHandler }
}

/** `exec` for the real system: no shell, a time limit, and failures (including a missing tool) as values. */
export function execWithoutShell(execFile: typeof ExecFile, timeoutMs = 10_000): LinuxUrlHandlerDeps['exec'] {
  return (file, args) =>
    new Promise((resolve) => {
      execFile(file, args, { timeout: timeoutMs, windowsHide: true }, (error, _stdout, stderr) => {
        if (!error) resolve({ ok: true })
        else resolve({ ok: false, reason: `${error.message}${stderr ? `: ${String(stderr).trim()}` : ''}` })
      })
    })
}
