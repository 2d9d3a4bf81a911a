import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { buildAppMenuTemplate, MENU_PAGES, type AppMenuActions, type MenuPlatform } from './app-menu'

const PLATFORMS: MenuPlatform[] = ['macos', 'windows', 'linux']

function actions() {
  return {
    navigate: vi.fn<AppMenuActions['navigate']>(),
    showAbout: vi.fn<AppMenuActions['showAbout']>(),
    openLogsFolder: vi.fn<AppMenuActions['openLogsFolder']>(),
    reportProblem: vi.fn<AppMenuActions['reportProblem']>(),
  } satisfies AppMenuActions
}

/** Every item of the template, depth first. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = flatten(items).find((item) => item.label === label)
  if (!found) throw new Error(`no menu item "${label}" in ${flatten(items).map((i) => i.label ?? i.role)}`)
  return found
}

function click(item: MenuItemConstructorOptions): void {
  ;(item.click as () => void)()
}

const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools']

describe('buildAppMenuTemplate', () => {
  it.each(PLATFORMS)('a release on %s offers no reload and no developer tools', (platform) => {
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: false,
      actions: actions(),
    })
    const roles = flatten(template).map((item) => item.role)
    for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role)
    expect(JSON.stringify(template)).not.toMatch(/devtools|electronjs/i)
  })

  it.each(PLATFORMS)('a development build on %s has reload and developer tools', (platform) => {
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: true,
      actions: actions(),
    })
    const roles = flatten(template).map((item) => item.role)
    for (const role of DEVELOPER_ROLES) expect(roles).toContain(role)
  })

  it('macOS: the app menu comes first with About, Settings… (⌘,), Hide and Quit', () => {
    const acts = actions()
    const template = buildAppMenuTemplate({
      platform: 'macos',
      productName: 'Harbor',
      isDevelopment: false,
      actions: acts,
    })
    expect(template[0]?.label).toBe('Harbor')
    const appMenu = flatten([template[0]!]).map((item) => item.label ?? item.role)
    expect(appMenu).toEqual(
      expect.arrayContaining(['About Harbor', 'Settings…', 'hide', 'hideOthers', 'quit']),
    )
    const settings = find(template, 'Settings…')
    expect(settings.accelerator).toBe('Cmd+,')
    click(settings)
    expect(acts.navigate).toHaveBeenCalledWith({ name: 'settings' })
    click(find(template, 'About Harbor'))
    expect(acts.showAbout).toHaveBeenCalledTimes(1)
    expect(template.some((item) => item.role === 'windowMenu')).toBe(true)
  })

  it.each(['windows', 'linux'] as const)(
    '%s: Settings (Ctrl+,) and quitting under File, About under Help',
    (platform) => {
      const acts = actions()
      const template = buildAppMenuTemplate({
        platform,
        productName: 'Harbor',
        isDevelopment: false,
        actions: acts,
      })
      expect(template.map((item) => item.label ?? item.role)).toEqual([
        'File',
        'Edit',
        'View',
        'Go',
        'Window',
        'help',
      ])
      expect(find(template, 'Settings').accelerator).toBe('Ctrl+,')
      const quit = flatten(template).find((item) => item.role === 'quit')
      expect(quit?.label).toBe(platform === 'windows' ? 'Exit' : 'Quit')
      const help = template.find((item) => item.role === 'help')!
      click(find([help], 'About Harbor'))
      expect(acts.showAbout).toHaveBeenCalledTimes(1)
    },
  )

  it.each(PLATFORMS)('%s: the Edit menu has the roles text fields need', (platform) => {
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: false,
      actions: actions(),
    })
    const edit = template.find((item) => item.label === 'Edit')!
    expect(flatten([edit]).map((item) => item.role)).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    )
  })

  it.each(PLATFORMS)('%s: each page has a CmdOrCtrl+number shortcut shown in the Go menu', (platform) => {
    const acts = actions()
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: false,
      actions: acts,
    })
    const go = template.find((item) => item.label === 'Go')!
    MENU_PAGES.forEach((page, index) => {
      const item = find([go], page.label)
      expect(item.accelerator).toBe(`CmdOrCtrl+${index + 1}`)
      click(item)
      expect(acts.navigate).toHaveBeenLastCalledWith(page.route)
    })
  })

  it.each(PLATFORMS)('%s: Help opens Diagnostics, the logs folder and the problem report', (platform) => {
    const acts = actions()
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: false,
      actions: acts,
    })
    click(find(template, 'Diagnostics'))
    expect(acts.navigate).toHaveBeenCalledWith({ name: 'diagnostics' })
    click(find(template, 'Open Logs Folder'))
    expect(acts.openLogsFolder).toHaveBeenCalledTimes(1)
    click(find(template, 'Report a Problem…'))
    expect(acts.reportProblem).toHaveBeenCalledTimes(1)
  })

  it.each(PLATFORMS)('%s: no two items share a shortcut', (platform) => {
    const template = buildAppMenuTemplate({
      platform,
      productName: 'Harbor',
      isDevelopment: true,
      actions: actions(),
    })
    const accelerators = flatten(template)
      .map((item) => item.accelerator)
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.replace(/^(Cmd|Ctrl)\+/, 'CmdOrCtrl+'))
    expect(new Set(accelerators).size).toBe(accelerators.length)
  })
})
