// The native menu of the shipped main process: what a release offers (no reload, no developer tools, the
// shortcuts shown), and that picking an item opens the page in the real window, through the same queue as app
// links. The platform is this machine's (Linux): File holds Settings and Quit, Help holds About.
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

interface MenuRecord {
  label: string | null
  role: string | null
  accelerator: string | null
  submenu: MenuRecord[] | null
}

function flatten(items: MenuRecord[]): MenuRecord[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])])
}

test('the menu of a release: no developer tools; Go and File items open pages in the window; About and the logs folder', async () => {
  const stack = await startStack()
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)

  const menus = app.records.filter((record) => record.kind === 'application-menu')
  expect(menus).toHaveLength(1)
  const template = menus[0]!.detail as MenuRecord[]
  expect(template.map((item) => item.label ?? item.role)).toEqual([
    'File',
    'Edit',
    'View',
    'Go',
    'Window',
    'help',
  ])
  const items = flatten(template)
  for (const role of ['reload', 'forceReload', 'toggleDevTools'])
    expect(items.map((item) => item.role)).not.toContain(role)
  expect(items.find((item) => item.label === 'Settings')?.accelerator).toBe('Ctrl+,')
  expect(items.find((item) => item.label === 'Devices')?.accelerator).toBe('CmdOrCtrl+2')

  await app.clickMenu(['Go', 'Devices'])
  await page.waitForURL((url) => url.pathname === '/devices', { timeout: 5_000 })
  await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor({ timeout: 5_000 })
  await app.clickMenu(['File', 'Settings'])
  await page.waitForURL((url) => url.pathname === '/settings', { timeout: 5_000 })
  await app.clickMenu(['help', 'Diagnostics'])
  await page.waitForURL((url) => url.pathname === '/diagnostics', { timeout: 5_000 })

  await app.clickMenu(['help', 'About Harbor'])
  await app.clickMenu(['help', 'Open Logs Folder'])
  expect(app.records.map((record) => record.kind)).toEqual(
    expect.arrayContaining(['about-panel', 'open-path']),
  )
  const opened = app.records.find((record) => record.kind === 'open-path')!.detail as string
  expect(opened).toBe(`${app.userDataDir()}/logs`)
  expect(app.records.find((record) => record.kind === 'about-panel-options')?.detail).toMatchObject({
    applicationName: 'Harbor',
  })
})
