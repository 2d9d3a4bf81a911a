// A real, private Secret Service for tests: its own D-Bus session bus and an unlocked gnome-keyring in a
// temporary home, so tests never touch (or depend on) the developer's own keyring and run the same in CI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PrivateKeyring {
  /** Environment a process needs to reach this keyring (the bus address plus the temporary XDG folders). */
  env: Record<string, string>
  stop: () => Promise<void>
}

const START_TIMEOUT_MS = 10_000
const PACKAGES_HINT = 'install the Debian packages dbus, gnome-keyring and libsecret-tools'

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(
      () => reject(new Error(`${what} printed nothing within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8')
      const newline = buffer.indexOf('\n')
      if (newline !== -1) {
        clearTimeout(timer)
        resolve(buffer.slice(0, newline).trim())
      }
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${what} could not be started (${error.message}); ${PACKAGES_HINT}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited early with code ${code}`))
    })
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve()
    }, 2000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Whether our daemon owns the Secret Service name yet. Asked with NameHasOwner, which never triggers D-Bus
 * activation: calling the service too early would make the bus start a second, locked gnome-keyring.
 */
function secretServiceOwned(env: NodeJS.ProcessEnv): boolean {
  const reply = spawnSync(
    'dbus-send',
    [
      '--session',
      '--dest=org.freedesktop.DBus',
      '--type=method_call',
      '--print-reply',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { env, timeout: 3000 },
  )
  return reply.status === 0 && /boolean true/.test(reply.stdout.toString())
}

/** Stores, reads back and deletes an item with `secret-tool`: proof that the default collection is unlocked. */
function roundTrip(env: NodeJS.ProcessEnv): { ok: true } | { ok: false; reason: string } {
  const attrs = ['harbor-test-probe', 'ready']
  const store = spawnSync('secret-tool', ['store', '--label=harbor test probe', ...attrs], {
    env,
    input: 'ok',
    timeout: 3000,
  })
  if (store.error)
    return { ok: false, reason: `secret-tool unavailable (${store.error.message}); ${PACKAGES_HINT}` }
  if (store.status !== 0)
    return { ok: false, reason: `secret-tool store failed: ${store.stderr.toString().trim()}` }
  const lookup = spawnSync('secret-tool', ['lookup', ...attrs], { env, timeout: 3000 })
  if (lookup.stdout.toString() !== 'ok')
    return { ok: false, reason: 'secret-tool lookup did not return the stored value' }
  spawnSync('secret-tool', ['clear', ...attrs], { env, timeout: 3000 })
  return { ok: true }
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = await mkdtemp(join(tmpdir(), 'harbor-keyring-'))
  const runtime = join(home, 'runtime')
  await mkdir(runtime, { mode: 0o700 })
  await mkdir(join(home, 'data'))
  await mkdir(join(home, 'config'))

  const children: ChildProcess[] = []
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) await stopProcess(child)
    await rm(home, { recursive: true, force: true })
  }

  try {
    const bus = spawn(
      'dbus-daemon',
      [
        '--session',
        '--nofork',
        '--nopidfile',
        '--print-address=1',
        `--address=unix:path=${join(runtime, 'bus')}`,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    children.push(bus)
    const address = await firstLine(bus, 'dbus-daemon')
    if (!address.startsWith('unix:')) throw new Error(`dbus-daemon printed an unexpected address: ${address}`)

    const env: Record<string, string> = {
      DBUS_SESSION_BUS_ADDRESS: address,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_RUNTIME_DIR: runtime,
    }
    const fullEnv = { ...process.env, ...env }
    // No DISPLAY: with one, an unlock prompt could appear and wait for a human.
    delete fullEnv.DISPLAY
    delete fullEnv.WAYLAND_DISPLAY

    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: fullEnv,
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    children.push(keyring)
    const spawned = new Promise<void>((resolve, reject) => {
      keyring.once('spawn', resolve)
      keyring.once('error', (error) =>
        reject(new Error(`gnome-keyring-daemon could not be started (${error.message}); ${PACKAGES_HINT}`)),
      )
    })
    await spawned
    // `--unlock` reads the login keyring's password from stdin; an empty-ish fixed password is fine for tests.
    keyring.stdin?.end('harbor-test-password')

    const deadline = Date.now() + START_TIMEOUT_MS
    let last: { ok: true } | { ok: false; reason: string } = { ok: false, reason: 'not tried' }
    while (Date.now() < deadline) {
      if (keyring.exitCode !== null)
        throw new Error(`gnome-keyring-daemon exited with code ${keyring.exitCode}`)
      if (secretServiceOwned(fullEnv)) {
        last = roundTrip(fullEnv)
        if (last.ok) return { env, stop }
      } else {
        last = { ok: false, reason: 'gnome-keyring-daemon never took the org.freedesktop.secrets name' }
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`the Secret Service did not become usable: ${last.ok ? '' : last.reason}`)
  } catch (error) {
    await stop()
    throw error
  }
}
