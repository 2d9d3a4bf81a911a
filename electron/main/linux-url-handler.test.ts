import { execFile, spawnSync } from 'node:child_process'
import {
  existsSync,
  promises as fsPromises,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  execWithoutShell,
  quoteExecArgument,
  registerLinuxUrlHandler,
  type LinuxUrlHandlerDeps,
} from './linux-url-handler'
import { removeLeftoverTempFiles, writeFileAtomic } from './atomic-file'

const options = { scheme: 'harbor', productName: 'Harbor' }

function memoryFs(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial))
  const dirs = new Set<string>()
  return {
    files,
    dirs,
    readFile: vi.fn(async (path: string) => {
      const text = files.get(path)
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    }),
    removeLeftoverTempFiles: vi.fn(async () => []),
    writeFileAtomic: vi.fn(async (path: string, data: string) => {
      dirs.add(path.slice(0, path.lastIndexOf('/')))
      files.set(path, data)
    }),
  }
}

function fakeDeps(overrides: Partial<LinuxUrlHandlerDeps> = {}) {
  const fs = memoryFs()
  const exec = vi.fn<LinuxUrlHandlerDeps['exec']>(async () => ({ ok: true }))
  const logger = { info: vi.fn(), warn: vi.fn() }
  const deps: LinuxUrlHandlerDeps = {
    platform: 'linux',
    env: { APPIMAGE: '/home/ada/Apps/Harbor-1.2.0-x86_64.AppImage' },
    homeDir: '/home/ada',
    fs,
    exec,
    logger,
    ...overrides,
  }
  return { deps, fs, exec, logger }
}

describe('quoteExecArgument', () => {
  it('quotes and escapes per the desktop entry spec (quoting first, then string escapes)', () => {
    expect(quoteExecArgument('/opt/Harbor.AppImage')).toBe('"/opt/Harbor.AppImage"')
    expect(quoteExecArgument('/home/a b/H.AppImage')).toBe('"/home/a b/H.AppImage"')
    expect(quoteExecArgument('/x/$HOME`id`"q"')).toBe('"/x/\\\\$HOME\\\\`id\\\\`\\\\"q\\\\""')
    expect(quoteExecArgument('/x/back\\slash')).toBe('"/x/back\\\\\\\\slash"')
    expect(quoteExecArgument('/x/100%')).toBe('"/x/100%%"')
  })

  it('refuses control characters, which would start a new key', () => {
    expect(quoteExecArgument('/x/a\nExec=evil')).toBeNull()
    expect(quoteExecArgument('/x/\u0007')).toBeNull()
  })
})

describe('registerLinuxUrlHandler', () => {
  it('writes a user-level handler entry for the AppImage and makes it the default for the scheme', async () => {
    const { deps, fs, exec } = fakeDeps()
    const result = await registerLinuxUrlHandler(deps, options)
    const desktopFile = '/home/ada/.local/share/applications/harbor-url-handler.desktop'
    expect(result).toEqual({ status: 'registered', desktopFile, defaultHandler: { ok: true } })
    const entry = fs.files.get(desktopFile)!
    expect(entry).toContain('MimeType=x-scheme-handler/harbor;\n')
    expect(entry).toContain('Exec="/home/ada/Apps/Harbor-1.2.0-x86_64.AppImage" %U\n')
    expect(entry.startsWith('[Desktop Entry]\n')).toBe(true)
    expect(fs.dirs).toEqual(new Set(['/home/ada/.local/share/applications']))
    expect([...fs.files.keys()]).toEqual([desktopFile])
    expect(exec.mock.calls).toEqual([
      ['xdg-mime', ['default', 'harbor-url-handler.desktop', 'x-scheme-handler/harbor']],
      ['update-desktop-database', ['/home/ada/.local/share/applications']],
    ])
  })

  it('honours XDG_DATA_HOME', async () => {
    const { deps } = fakeDeps({ env: { APPIMAGE: '/a/H.AppImage', XDG_DATA_HOME: '/data' } })
    expect(await registerLinuxUrlHandler(deps, options)).toMatchObject({
      desktopFile: '/data/applications/harbor-url-handler.desktop',
    })
  })

  it('leaves an up-to-date entry alone and rewrites it when the AppImage moved', async () => {
    const { deps, fs, exec } = fakeDeps()
    await registerLinuxUrlHandler(deps, options)
    exec.mockClear()
    const again = await registerLinuxUrlHandler(deps, options)
    expect(again.status).toBe('unchanged')
    expect(exec).not.toHaveBeenCalled()

    deps.env.APPIMAGE = '/home/ada/Downloads/Harbor-1.3.0-x86_64.AppImage'
    expect((await registerLinuxUrlHandler(deps, options)).status).toBe('registered')
    expect([...fs.files.values()][0]).toContain('Exec="/home/ada/Downloads/Harbor-1.3.0-x86_64.AppImage" %U')
  })

  it('does nothing outside Linux, outside an AppImage, or with an unusable path', async () => {
    for (const [overrides, reason] of [
      [{ platform: 'darwin' }, 'not Linux'],
      [{ env: {} }, 'not running from an AppImage'],
      [{ env: { APPIMAGE: 'relative/H.AppImage' } }, 'APPIMAGE is not an absolute path'],
      [{ env: { APPIMAGE: '/a/H\nExec=x.AppImage' } }, 'the AppImage path contains control characters'],
    ] as const) {
      const { deps, fs, exec } = fakeDeps(overrides)
      expect(await registerLinuxUrlHandler(deps, options)).toEqual({ status: 'skipped', reason })
      expect(fs.writeFileAtomic).not.toHaveBeenCalled()
      expect(exec).not.toHaveBeenCalled()
    }
  })

  it('refuses an invalid scheme without writing anything', async () => {
    const { deps, fs } = fakeDeps()
    expect(await registerLinuxUrlHandler(deps, { ...options, scheme: 'Harbor;evil' })).toEqual({
      status: 'failed',
      reason: 'invalid URL scheme "Harbor;evil"',
    })
    expect(fs.writeFileAtomic).not.toHaveBeenCalled()
  })

  it('reports a write failure instead of throwing', async () => {
    const { deps, fs, logger, exec } = fakeDeps()
    fs.writeFileAtomic.mockRejectedValueOnce(new Error('EROFS: read-only file system'))
    const result = await registerLinuxUrlHandler(deps, options)
    expect(result).toEqual({
      status: 'failed',
      reason:
        'could not write /home/ada/.local/share/applications/harbor-url-handler.desktop: EROFS: read-only file system',
    })
    expect(logger.warn).toHaveBeenCalled()
    expect(exec).not.toHaveBeenCalled()
  })

  it('keeps the entry and reports it when xdg-mime is missing', async () => {
    const { deps, exec, logger } = fakeDeps()
    exec.mockResolvedValueOnce({ ok: false, reason: 'spawn xdg-mime ENOENT' })
    const result = await registerLinuxUrlHandler(deps, options)
    expect(result).toMatchObject({
      status: 'registered',
      defaultHandler: { ok: false, reason: 'spawn xdg-mime ENOENT' },
    })
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('spawn xdg-mime ENOENT'))
  })
})

describe('registerLinuxUrlHandler with the real file system, xdg-mime and desktop-file-validate', () => {
  // xdg-mime and desktop-file-validate exist only on Linux, as does the feature: it runs on every Linux machine.
  it.runIf(process.platform === 'linux')(
    'registers the handler so xdg-mime reports it as the default for harbor://',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'harbor-xdg-'))
      const env = {
        APPIMAGE: join(home, 'My Apps', 'Harbor $1 100%.AppImage'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
      }
      writeFileSync(join(home, 'placeholder'), '')
      // What an older build's interrupted write left behind (it used one fixed temp name).
      mkdirSync(join(home, 'data/applications'), { recursive: true })
      writeFileSync(join(home, 'data/applications/harbor-url-handler.desktop.tmp'), '[Desktop')
      const xdgEnv = {
        ...process.env,
        ...env,
        HOME: home,
        XDG_DATA_DIRS: join(home, 'none'),
        XDG_CURRENT_DESKTOP: '',
      }
      const exec: LinuxUrlHandlerDeps['exec'] = (file, args) =>
        new Promise((resolve) =>
          execFile(file, args, { env: xdgEnv }, (error) =>
            resolve(error ? { ok: false, reason: error.message } : { ok: true }),
          ),
        )
      const result = await registerLinuxUrlHandler(
        {
          platform: 'linux',
          env,
          homeDir: home,
          fs: {
            readFile: (path, encoding) => fsPromises.readFile(path, encoding),
            writeFileAtomic: (path, data) => writeFileAtomic(path, data, { mode: 0o644 }),
            removeLeftoverTempFiles: (targets) => removeLeftoverTempFiles(targets),
          },
          exec,
          logger: { info: () => {}, warn: () => {} },
        },
        options,
      )
      const desktopFile = join(home, 'data/applications/harbor-url-handler.desktop')
      expect(result).toEqual({ status: 'registered', desktopFile, defaultHandler: { ok: true } })
      expect(existsSync(`${desktopFile}.tmp`)).toBe(false)

      const query = spawnSync('xdg-mime', ['query', 'default', 'x-scheme-handler/harbor'], {
        env: xdgEnv,
        encoding: 'utf8',
      })
      expect(query.stdout.trim()).toBe('harbor-url-handler.desktop')
      expect(readFileSync(join(home, 'config/mimeapps.list'), 'utf8')).toContain(
        'x-scheme-handler/harbor=harbor-url-handler.desktop',
      )

      const validate = spawnSync('desktop-file-validate', [desktopFile], { encoding: 'utf8' })
      expect(validate.stdout + validate.stderr).toBe('')
      expect(validate.status).toBe(0)
    },
  )

  it('execWithoutShell reports a missing program as a value', async () => {
    const exec = execWithoutShell(execFile)
    // Node itself rather than `true`, which Windows does not have.
    expect(await exec(process.execPath, ['-e', ''])).toEqual({ ok: true })
    const missing = await exec('harbor-no-such-tool', ['x'])
    expect(missing.ok).toBe(false)
  })
})
