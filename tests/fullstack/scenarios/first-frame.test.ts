// Snapshot-first paint through the shipped main process (issue 16): a relaunch signed in, with the encrypted
// cache on disk, gets a document whose #root already holds the signed-in frame with the user's name before any
// renderer script has run; after sign-out, the next document carries nobody's name.
import { afterEach, expect, test } from 'vitest'
import { SCREEN_RECORDER, signInAndQuit, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

// Runs before the document is parsed. `readystatechange` to "interactive" fires when the parser is done and
// before any deferred or module script runs: what #root holds then came with the document, from the main
// process. Kept in sessionStorage so every document of the window (reloads too) is recorded.
// The scripts are counted as the parser inserts them, not read off the DOM at that moment: the parser may yield
// after the after-first-frame loader (the end of the body) has run, a frame can come in that gap, and the loader
// has then already made the held scripts real (seen once in CI). A script the loader made real replaces a held
// one (one mutation record); every unheld script or preload inserted before that was the document's own. (Later
// preloads, from Vite's import() helper, come only after a real module script ran, so after a replacement.)
const FIRST_DOM_RECORDER = `(() => {
  if (window.top !== window) return
  try { sessionStorage.length } catch { return }
  const HELD = 'script[type="harbor/after-first-frame"], link[rel="harbor-after-first-frame"]'
  const LOADABLE = 'script[type="module"], link[rel="modulepreload"]'
  const parsed = { moduleScripts: 0, heldScripts: 0 }
  let released = false
  const count = (records) => {
    for (const record of records) {
      if ([...record.removedNodes].some((node) => node instanceof Element && node.matches(HELD))) released = true
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue
        if (node.matches('script[type="harbor/after-first-frame"]')) parsed.heldScripts++
        else if (node.matches(LOADABLE) && !released) parsed.moduleScripts++
      }
    }
  }
  const observer = new MutationObserver(count)
  observer.observe(document, { childList: true, subtree: true })
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return
    count(observer.takeRecords())
    observer.disconnect()
    const root = document.getElementById('root')
    const seen = JSON.parse(sessionStorage.getItem('__firstDom') || '[]')
    seen.push({
      path: location.pathname,
      root: root ? root.innerHTML : null,
      platform: document.documentElement.dataset.platform ?? null,
      reactAttached: document.querySelector('[data-testid="app-shell"]') !== null,
      ...parsed,
    })
    sessionStorage.setItem('__firstDom', JSON.stringify(seen))
  })
})()`

interface FirstDom {
  path: string
  root: string | null
  platform: string | null
  reactAttached: boolean
  /** Module scripts and preloads the document itself brought in unheld. */
  moduleScripts: number
  /** Held module scripts the document brought in. */
  heldScripts: number
}

test('the first window content of a signed-in relaunch comes from the snapshot; after sign-out nobody’s', async () => {
  const stack = await startStack()
  await signInAndQuit(stack)

  const app = await stack.launch({ pageInitScripts: [SCREEN_RECORDER, FIRST_DOM_RECORDER] })
  const { page } = await app.firstWindow()
  await waitForLiveShell(page)
  const firstDom = async () =>
    JSON.parse((await page.evaluate("sessionStorage.getItem('__firstDom')")) ?? '[]') as FirstDom[]
  const [document] = await firstDom()
  expect(document?.reactAttached).toBe(false)
  expect(document?.root).toContain('data-first-frame="signed-in"')
  expect(document?.root).toContain('<span class="user-name">Grace Hopper</span>')
  // React took it over: the snapshot is gone, the live shell shows the same name.
  expect(await page.locator('[data-first-frame]').count()).toBe(0)
  expect(await page.getByTestId('user-name').innerText()).toBe('Grace Hopper')
  // Its scripts waited for that frame (electron/shared/after-first-frame.ts): held when the document was parsed,
  // made real by the loader once a frame had been produced, not by its no-frame fallback.
  expect(document?.moduleScripts).toBe(0)
  expect(document?.heldScripts).toBe(1)
  expect(
    await page.evaluate(`[...document.querySelectorAll('script[type="module"]')].map((script) => [
      new URL(script.src).pathname.startsWith('/assets/'),
      script.getAttribute('data-after-first-frame'),
    ])`),
  ).toEqual([[true, 'frame']])

  // The frame is drawn for this window: the OS's fonts from the first byte, the account button named as React
  // names it, the calm start (no banner while connecting).
  expect(document?.platform).toBe('linux')
  expect(document?.root).toContain('aria-label="GH Grace Hopper – Account menu"')
  expect(document?.root).not.toContain('offline-banner')
  // Electron keeps V8's code cache for a custom scheme only when it is registered with codeCache, on a standard
  // scheme: then a later launch can take the renderer's compiled code from it instead of compiling from source.
  const schemes = app.records.find((record) => record.kind === 'privileged-schemes')?.detail as
    Array<{ scheme: string; privileges?: Record<string, boolean> }> | undefined
  expect(schemes?.find((entry) => entry.scheme === 'harbor')?.privileges).toMatchObject({
    standard: true,
    codeCache: true,
  })

  await page.getByRole('button', { name: /Account menu/ }).click()
  await page.getByRole('menuitem', { name: 'Sign out…' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
  await confirm.getByRole('button', { name: 'Sign out', exact: true }).click()
  await page.locator('[data-screen="signed-out"]').waitFor({ timeout: 20_000 })
  await page.reload({ waitUntil: 'load' })
  await page
    .locator('[data-screen="sign-in"], [data-screen="signed-out"]')
    .first()
    .waitFor({ timeout: 20_000 })
  const documents = await firstDom()
  expect(documents.length).toBeGreaterThan(1)
  for (const later of documents.slice(1)) {
    expect(later.root).toBe('')
    expect(later.root).not.toContain('Grace')
    // No frame to paint first: its scripts load at once.
    expect(later.heldScripts).toBe(0)
    expect(later.moduleScripts).toBeGreaterThan(0)
  }
})
