// Launching the built app under Playwright with its own profile. On Linux the XDG folders point into a temporary
// directory, so userData, the AppImage handler entry, mimeapps.list and the updater cache never touch the
// developer's own Harbor; macOS and Windows have no such switch (CI runners are fresh machines).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test'
import { builtApp } from './paths'

export interface Sandbox {
  dir: string
  env: Record<string, string>
  dispose(): void
}

export function createSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'harbor-e2e-'))
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) {
    const folder = join(dir, name.toLowerCase())
    mkdirSync(folder)
    env[name] = folder
  }
  // Never inherit an AppImage from the shell running the suite; the update test sets its own.
  delete env.APPIMAGE
  return { dir, env, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface Launched {
  app: ElectronApplication
  page: Page
}

export const RENDERER_ORIGIN = 'harbor://renderer'

export async function launchApp(
  sandbox: Sandbox,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<Launched> {
  const app = await electron.launch({
    executablePath: builtApp().executablePath,
    args: options.args ?? [],
    env: { ...sandbox.env, ...options.env },
    timeout: 60_000,
  })
  const page = await app.firstWindow()
  await page.waitForURL((url) => url.href.startsWith(`${RENDERER_ORIGIN}/`), { timeout: 30_000 })
  return { app, page }
}

/** Starts the app a second time, as the OS does for a link while Harbor runs; it hands over and exits. */
export function launchSecondInstance(sandbox: Sandbox, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(builtApp().executablePath, args, { env: sandbox.env, stdio: 'ignore' })
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error('the second instance did not exit: it did not hand over to the running app'))
    }, 20_000)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}
