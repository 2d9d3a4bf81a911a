// The Node version guard and Electron's binary, run for real: the guard under an old Node through `npm run`,
// Electron's own installer in a throw-away project where its download really fails.

import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closedPortUrl, startServer } from '../doctor/testing/fixtures.ts'
import { downloadFailureMessage, findElectronBinary, installerReason } from './ensure-electron.ts'
import { nodeVersionProblem, requiredMajor } from './require-node.mjs'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string }
  scripts: Record<string, string>
}
const GUARD = 'node scripts/guard/require-node.mjs'

describe('Node version guard', () => {
  it('names the version needed and the one found, in one line', () => {
    const problem = nodeVersionProblem('20.20.2', '>=24')
    expect(problem).toMatch(/^Harbor needs Node\.js 24 or newer; this is Node 20\.20\.2 .*nvm install/)
    expect(problem).not.toContain('\n')
    expect(nodeVersionProblem('24.0.0', '>=24')).toBeNull()
    expect(nodeVersionProblem('v26.1.0', '>=24')).toBeNull()
    expect(requiredMajor('>=24.2.1')).toBe(24)
    expect(requiredMajor('*')).toBeNull()
  })

  it('.nvmrc and engines name the same Node major', () => {
    const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8').trim()
    expect(requiredMajor(pkg.engines.node)).toBe(Number(nvmrc.split('.')[0]))
  })

  // Everything that runs our .ts scripts, vitest, convex, electron-vite or eslint needs Node 24. `test` is
  // guarded by `pretest`; `format` (prettier) and the typecheck:* parts (run through `typecheck`) do not need it.
  const unguarded = new Set([
    'format',
    'test',
    'typecheck:node',
    'typecheck:web',
    'typecheck:convex',
    'postinstall',
  ])
  it('every script that needs Node 24 starts with the guard', () => {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      if (unguarded.has(name)) continue
      expect(command.startsWith(`${GUARD} && `), `${name}: ${command}`).toBe(true)
    }
    expect(pkg.scripts.pretest?.startsWith(`${GUARD} && `)).toBe(true)
  })

  // The real thing: npm running a script with an old `node` first on PATH. Debian's /usr/bin/node is 20 on our
  // machines; where no older Node is installed this cannot be tried and is reported as skipped.
  const oldNode = '/usr/bin/node'
  const oldVersion = spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim()
  const haveOldNode = Boolean(oldVersion) && Number(oldVersion.split('.')[0]) < 24
  it.skipIf(!haveOldNode)(
    'on an old Node, `npm run doctor`, `npm test`, `npm run setup` and `npm run dev` print the one line and exit 1',
    async () => {
      const bin = mkdtempSync(join(tmpdir(), 'old-node-'))
      try {
        symlinkSync(oldNode, join(bin, 'node'))
        const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` }
        for (const script of ['doctor', 'test', 'setup', 'dev']) {
          const run = await new Promise<{ code: number; stderr: string; stdout: string }>((done) =>
            execFile(
              'npm',
              ['run', '--silent', script],
              { cwd: root, env, timeout: 30_000 },
              (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
            ),
          )
          expect(run.code, script).toBe(1)
          const line = run.stderr.trim()
          expect(line, script).toContain(
            `Harbor needs Node.js 24 or newer; this is Node ${oldVersion} (${oldNode}).`,
          )
          expect(line, script).not.toContain('\n')
          expect(run.stdout, script).toBe('')
        }
      } finally {
        rmSync(bin, { recursive: true, force: true })
      }
    },
    60_000,
  )
})

describe("Electron's binary", () => {
  let project: string | null = null
  afterEach(() => {
    if (project) rmSync(project, { recursive: true, force: true })
    project = null
  })

  /** A project whose node_modules/electron is a copy of the real package (no binary), its deps linked. */
  function projectWithElectronPackage(): { root: string; electronDir: string; cache: string } {
    project = mkdtempSync(join(tmpdir(), 'ensure-electron-'))
    const electronDir = join(project, 'node_modules/electron')
    mkdirSync(electronDir, { recursive: true })
    const real = dirname(require.resolve('electron/package.json', { paths: [root] }))
    for (const file of ['package.json', 'install.js', 'index.js', 'cli.js', 'checksums.json']) {
      copyFileSync(join(real, file), join(electronDir, file))
    }
    // install.js requires @electron/get and the zip extractor, resolved from the project's node_modules.
    // 'junction': a directory link Windows allows without developer mode (ignored elsewhere).
    symlinkSync(join(root, 'node_modules/@electron'), join(project, 'node_modules/@electron'), 'junction')
    symlinkSync(
      join(root, 'node_modules/@electron-internal'),
      join(project, 'node_modules/@electron-internal'),
      'junction',
    )
    writeFileSync(join(project, 'package.json'), '{"name":"p","private":true}')
    const cache = join(project, 'electron-cache')
    return { root: project, electronDir, cache }
  }

  function runEnsure(cwd: string, env: Record<string, string>, args: string[] = []) {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^ELECTRON_|^electron_/i.test(k)),
    )
    return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((done) => {
      const started = Date.now()
      execFile(
        process.execPath,
        [
          '--experimental-strip-types',
          '--no-warnings',
          join(root, 'scripts/guard/ensure-electron.ts'),
          ...args,
        ],
        { cwd, env: { ...clean, ...env }, timeout: 60_000 },
        (error, stdout, stderr) =>
          done({ code: error ? Number(error.code) : 0, stdout, stderr, ms: Date.now() - started }),
      )
    })
  }

  // The download is really attempted by Electron's installer; it fails on every machine because it goes through
  // a proxy that refuses connections (ELECTRON_GET_USE_PROXY + HTTPS_PROXY, Electron's documented proxy
  // settings). On our CI machines github.com is unreachable anyway; GitHub's runners could download it.
  it('a failed download is one paragraph, no stack trace, exit 1', async () => {
    const p = projectWithElectronPackage()
    const proxy = await closedPortUrl()
    const run = await runEnsure(p.root, {
      electron_config_cache: p.cache,
      ELECTRON_GET_USE_PROXY: 'true',
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
    })
    expect(run.code).toBe(1)
    const paragraphs = run.stderr.trim().split(/\n\s*\n/)
    expect(paragraphs).toHaveLength(2) // "Downloading ..." and the explanation
    const message = paragraphs[1]!
    expect(message).not.toContain('\n')
    expect(message).toMatch(/^Electron's binary \(electron 45\.\d+\.\d+ for \w+-\w+\) is not installed/)
    expect(message).toContain('`npx install-electron`')
    expect(message).toContain('ELECTRON_MIRROR')
    expect(message).toContain('HTTPS_PROXY')
    expect(run.stderr).not.toMatch(/\n\s+at /) // no stack frames
    expect(run.stderr).not.toContain('Electron uninstall')
    expect(findElectronBinary(p.electronDir, {}).kind).toBe('missing')
  }, 70_000)

  it('honours ELECTRON_MIRROR (a mirror that refuses connections) and names it', async () => {
    const p = projectWithElectronPackage()
    const mirror = `${await closedPortUrl()}/electron/`
    const run = await runEnsure(p.root, { electron_config_cache: p.cache, ELECTRON_MIRROR: mirror })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`could not be downloaded from the mirror ${mirror}`)
  }, 70_000)

  it('as postinstall it explains the same way but exits 0, so `npm ci` never fails for it', async () => {
    const p = projectWithElectronPackage()
    const mirror = `${await closedPortUrl()}/`
    const run = await runEnsure(p.root, { electron_config_cache: p.cache, ELECTRON_MIRROR: mirror }, [
      '--postinstall',
    ])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/npm install finished, but Electron's binary .* could not be downloaded/)
  }, 70_000)

  it("downloads from ELECTRON_MIRROR through Electron's own installer and writes path.txt", async () => {
    const p = projectWithElectronPackage()
    const { version } = JSON.parse(readFileSync(join(p.electronDir, 'package.json'), 'utf8')) as {
      version: string
    }
    const target = `${process.platform}-${process.arch}`
    const executable =
      { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[
        process.platform as 'darwin' | 'win32'
      ] ?? 'electron'
    const zipName = `electron-v${version}-${target}.zip`
    const zip = storedZip([
      { name: executable, data: Buffer.from('#!/bin/sh\necho stand-in electron\n') },
      { name: 'version', data: Buffer.from(`v${version}`) },
    ])
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
    const mirror = await startServer((request, res) => {
      if (request.url === `/electron/v${version}/${zipName}`) {
        res.writeHead(200, { 'Content-Type': 'application/zip' })
        return res.end(zip)
      }
      if (request.url === `/electron/v${version}/SHASUMS256.txt`) return res.end(sums)
      res.writeHead(404)
      res.end()
    })
    try {
      const run = await runEnsure(p.root, {
        electron_config_cache: p.cache,
        ELECTRON_MIRROR: `${mirror.url}/electron/`,
        // The stand-in zip is not Electron's, so its checksum comes from the mirror, as Electron allows.
        electron_use_remote_checksums: '1',
      })
      expect(run.stderr).toContain(`Electron ${version} is installed.`)
      expect(run.code).toBe(0)
      expect(mirror.requests.map((r) => r.url)).toContain(`/electron/v${version}/${zipName}`)
      expect(readFileSync(join(p.electronDir, 'path.txt'), 'utf8')).toBe(executable)
      expect(findElectronBinary(p.electronDir, {})).toMatchObject({ kind: 'ready', via: 'path.txt' })
    } finally {
      await mirror.close()
    }
  }, 70_000)

  it('does nothing when the binary is there (path.txt), or ELECTRON_EXEC_PATH names one', async () => {
    const p = projectWithElectronPackage()
    mkdirSync(join(p.electronDir, 'dist'))
    writeFileSync(join(p.electronDir, 'dist/electron'), '')
    writeFileSync(join(p.electronDir, 'path.txt'), 'electron')
    const run = await runEnsure(p.root, { electron_config_cache: p.cache })
    expect(run).toMatchObject({ code: 0, stderr: '' })
    rmSync(join(p.electronDir, 'path.txt'))
    const viaEnv = await runEnsure(p.root, { ELECTRON_EXEC_PATH: join(p.electronDir, 'dist/electron') })
    expect(viaEnv).toMatchObject({ code: 0, stderr: '' })
    const wrong = await runEnsure(p.root, { ELECTRON_EXEC_PATH: join(p.root, 'nope') })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('ELECTRON_EXEC_PATH')
  }, 70_000)

  it('keeps only the reason from the installer output', () => {
    expect(installerReason('TypeError: fetch failed\n    at node:internal/deps/undici:1:1\n')).toBe(
      'fetch failed',
    )
    expect(
      installerReason('Downloading Electron binary...\nHTTPError: Response code 404 (Not Found)\n'),
    ).toBe('Response code 404 (Not Found)')
    const text = downloadFailureMessage(
      { version: '45.5.0', target: 'linux-x64', reason: 'fetch failed', mirror: undefined },
      { postinstall: false },
    )
    expect(text).toContain('from github.com: fetch failed.')
  })
})

/** A zip with uncompressed ("stored") entries: enough for Electron's extractor, no zip library needed. */
function storedZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(0x031e, 4) // made by Unix, so the mode below counts
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}
