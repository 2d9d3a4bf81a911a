// The pretest check, run for real with a PATH that lacks the tools (symlinks to the real ones, minus some).

import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { missingPrerequisites, type Probe } from './test-prerequisites.ts'

const root = resolve(import.meta.dirname, '../..')
const SCRIPT = join(root, 'scripts/guard/test-prerequisites.ts')

let dirs: string[] = []
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

/** A folder of executables named `names` (empty files are enough: only presence is probed). */
function fakeBin(names: string[]): string {
  const bin = mkdtempSync(join(tmpdir(), 'prereq-bin-'))
  dirs.push(bin)
  for (const name of names) symlinkSync(process.execPath, join(bin, name))
  return bin
}

function run(cwd: string, env: Record<string, string>) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'HARBOR_CHROMIUM'))
  return new Promise<{ code: number; stderr: string }>((done) =>
    execFile(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', SCRIPT],
      { cwd, env: { ...base, ...env }, timeout: 20_000 },
      (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }),
    ),
  )
}

const ALL_LINUX = [
  'chromium',
  'dbus-daemon',
  'dbus-send',
  'gnome-keyring-daemon',
  'secret-tool',
  'xdg-mime',
  'desktop-file-validate',
  'cc',
  'c++',
  'make',
  'python3',
  'pkg-config',
]

describe.runIf(process.platform === 'linux')(
  'npm test prerequisites on Linux (real script, fake PATH)',
  () => {
    it('exits 0 and prints nothing when every part is there', async () => {
      const result = await run(root, { PATH: fakeBin(ALL_LINUX) })
      expect(result).toEqual({ code: 0, stderr: '' })
    })

    it('one line per missing part, with the install command, exit 1', async () => {
      const result = await run(root, { PATH: fakeBin(['dbus-daemon', 'dbus-send', 'xdg-mime']) })
      expect(result.code).toBe(1)
      const lines = result.stderr.trim().split('\n')
      expect(lines[0]).toBe('npm test needs 3 more system parts; no test was run:')
      expect(lines).toHaveLength(4)
      expect(lines[1]).toContain('Chromium (browser tests): Debian/Ubuntu `sudo apt-get install -y chromium`')
      expect(lines[2]).toContain('missing gnome-keyring-daemon, secret-tool')
      expect(lines[2]).toContain('`sudo apt-get install -y dbus gnome-keyring libsecret-tools`')
      expect(lines[3]).toContain('missing desktop-file-validate')
      expect(lines[3]).toContain('`sudo apt-get install -y xdg-utils desktop-file-utils`')
    })

    it('a project whose keytar is not built asks for the C toolchain (all three OSes) or a rebuild', async () => {
      const project = mkdtempSync(join(tmpdir(), 'prereq-project-'))
      dirs.push(project)
      mkdirSync(join(project, 'node_modules'))
      const noCompiler = await run(project, { PATH: fakeBin(ALL_LINUX.filter((c) => c !== 'cc')) })
      expect(noCompiler.code).toBe(1)
      expect(noCompiler.stderr).toContain('A C/C++ toolchain to build keytar')
      expect(noCompiler.stderr).toContain(
        '`sudo apt-get install -y build-essential python3 pkg-config libsecret-1-dev`',
      )
      expect(noCompiler.stderr).toContain('macOS `xcode-select --install`')
      expect(noCompiler.stderr).toContain('Windows `winget install')
      const withCompiler = await run(project, { PATH: fakeBin(ALL_LINUX) })
      expect(withCompiler.stderr).toContain("keytar's native module is not built")
    })

    it('HARBOR_CHROMIUM must exist when given', async () => {
      const result = await run(root, { PATH: fakeBin(ALL_LINUX), HARBOR_CHROMIUM: '/nonexistent/chrome' })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('Chromium (browser tests)')
    })

    it('this machine has everything (the check agrees with what the tests will use)', () => {
      expect(missingPrerequisites({ platform: 'linux', env: process.env, root, exists: existsSync })).toEqual(
        [],
      )
    })
  },
)

describe('npm test prerequisites on macOS and Windows (probe)', () => {
  const probe = (platform: NodeJS.Platform, files: string[]): Probe => ({
    platform,
    env: { PATH: platform === 'win32' ? 'C:\\bin' : '/usr/bin', PATHEXT: '.EXE' },
    root: '/p',
    exists: (path) => files.includes(path),
  })
  it('asks for Google Chrome with brew / winget, and never for Linux-only tools', () => {
    const mac = missingPrerequisites(probe('darwin', ['/p/node_modules/keytar/build/Release/keytar.node']))
    expect(mac.map((m) => m.part)).toEqual(['chromium'])
    expect(mac[0]?.line).toContain('brew install --cask google-chrome')
    const win = missingPrerequisites(
      probe('win32', [
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        '/p/node_modules/keytar/build/Release/keytar.node',
      ]),
    )
    expect(win).toEqual([])
  })
})
