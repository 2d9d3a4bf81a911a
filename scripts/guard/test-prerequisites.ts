// `npm test`'s `pretest`: before any test runs, checks the system parts the test projects use and, for each one
// missing, prints one line with the exact install command, then exits 1 (so no test fails deep inside with a
// spawn ENOENT or a Chromium launch error). HARBOR_SKIP_PREREQUISITES=1 skips it (e.g. `npm test -- --project
// renderer` on a machine without Chromium).
//
// What uses what: the browser tests launch Chromium (Debian's /usr/bin/chromium, else Google Chrome); the
// keychain tests start a private Secret Service (dbus-daemon, dbus-send, gnome-keyring-daemon, secret-tool) on
// Linux; the URL-handler tests run xdg-mime and desktop-file-validate; keytar is a native module built from
// source by `npm install` (its prebuilt download fails offline), which needs a C/C++ toolchain.

import { existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface Probe {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  /** The project folder (for node_modules/keytar). */
  root: string
  exists: (path: string) => boolean
}

export interface MissingPart {
  part: string
  /** One line: what is missing, what needs it, and the install command(s). */
  line: string
}

/** Finds an executable on PATH the way a shell would (PATHEXT on Windows). */
export function onPath(probe: Probe, command: string): boolean {
  const dirs = (probe.env.PATH ?? probe.env.Path ?? '').split(probe.platform === 'win32' ? ';' : delimiter)
  const exts = probe.platform === 'win32' ? (probe.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : ['']
  return dirs.some((dir) => dir !== '' && exts.some((ext) => probe.exists(join(dir, command + ext))))
}

const CHROME_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
}

function hasChromium(probe: Probe): boolean {
  const named = probe.env.HARBOR_CHROMIUM
  if (named) return probe.exists(named)
  if (probe.platform === 'linux') {
    return ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].some((c) =>
      onPath(probe, c),
    )
  }
  const local = probe.env.LOCALAPPDATA
    ? [join(probe.env.LOCALAPPDATA, 'Google/Chrome/Application/chrome.exe')]
    : []
  return [...(CHROME_PATHS[probe.platform] ?? []), ...local].some((p) => probe.exists(p))
}

const keytarBuilt = (probe: Probe) =>
  probe.exists(join(probe.root, 'node_modules/keytar/build/Release/keytar.node'))

function hasToolchain(probe: Probe): boolean {
  if (probe.platform === 'win32') return onPath(probe, 'python') || onPath(probe, 'py')
  return (
    ['cc', 'c++', 'make', 'python3'].every((c) => onPath(probe, c)) &&
    (probe.platform !== 'linux' || onPath(probe, 'pkg-config'))
  )
}

export function missingPrerequisites(probe: Probe): MissingPart[] {
  const missing: MissingPart[] = []
  const linux = probe.platform === 'linux'
  if (!hasChromium(probe)) {
    missing.push({
      part: 'chromium',
      line: linux
        ? 'Chromium (browser tests): Debian/Ubuntu `sudo apt-get install -y chromium` (Ubuntu 22.04+: `sudo snap install chromium`); or set HARBOR_CHROMIUM to a Chrome/Chromium binary'
        : 'Google Chrome (browser tests): macOS `brew install --cask google-chrome`; Windows `winget install Google.Chrome`; or set HARBOR_CHROMIUM to a Chrome/Chromium binary',
    })
  }
  if (linux) {
    const secretService = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'].filter(
      (c) => !onPath(probe, c),
    )
    if (secretService.length > 0) {
      missing.push({
        part: 'secret-service',
        line: `Secret Service tools (keychain tests; missing ${secretService.join(', ')}): Debian/Ubuntu \`sudo apt-get install -y dbus gnome-keyring libsecret-tools\` (macOS and Windows use their own keychain)`,
      })
    }
    const desktop = ['xdg-mime', 'desktop-file-validate'].filter((c) => !onPath(probe, c))
    if (desktop.length > 0) {
      missing.push({
        part: 'desktop-tools',
        line: `xdg and desktop-file tools (URL-handler tests; missing ${desktop.join(', ')}): Debian/Ubuntu \`sudo apt-get install -y xdg-utils desktop-file-utils\``,
      })
    }
  }
  if (!keytarBuilt(probe)) {
    const rebuild = 'then `npm rebuild keytar`'
    missing.push({
      part: 'keytar',
      line: hasToolchain(probe)
        ? `keytar's native module is not built (keychain tests): run \`npm rebuild keytar\``
        : `A C/C++ toolchain to build keytar (keychain): Debian/Ubuntu \`sudo apt-get install -y build-essential python3 pkg-config libsecret-1-dev\`; macOS \`xcode-select --install\`; Windows \`winget install Microsoft.VisualStudio.2022.BuildTools Python.Python.3.12\` (with the "Desktop development with C++" workload); ${rebuild}`,
    })
  }
  return missing
}

export function formatMissing(missing: MissingPart[]): string {
  return [
    `npm test needs ${missing.length === 1 ? 'one more system part' : `${missing.length} more system parts`}; no test was run:`,
    ...missing.map((m) => `  - ${m.line}`),
  ].join('\n')
}

function main(): number {
  if (process.env.HARBOR_SKIP_PREREQUISITES) return 0
  const missing = missingPrerequisites({
    platform: process.platform,
    env: process.env,
    root: process.cwd(),
    exists: existsSync,
  })
  if (missing.length === 0) return 0
  process.stderr.write(`${formatMissing(missing)}\n`)
  return 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main()
