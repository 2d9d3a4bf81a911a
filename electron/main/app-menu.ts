// The application menu, as data: one pure function per platform convention, so what each OS shows (and that a
// release never offers developer tools) is tested without Electron. index.ts turns the template into a Menu.
import type { MenuItemConstructorOptions } from 'electron'
import type { AppRoute } from '../shared/contract'

export type MenuPlatform = 'macos' | 'windows' | 'linux'

/** The pages the menu and its shortcuts open, in sidebar order (Ctrl/Cmd+1 is the first). */
export const MENU_PAGES = [
  { route: { name: 'profile' }, label: 'Profile' },
  { route: { name: 'devices' }, label: 'Devices' },
  { route: { name: 'settings' }, label: 'Settings' },
] as const satisfies ReadonlyArray<{ route: AppRoute; label: string }>

export interface AppMenuActions {
  /** Opens a page in the window (brings the window forward first). */
  navigate(route: AppRoute): void
  /** Shows the About panel. */
  showAbout(): void
  /** Opens the folder holding main.log in the OS file manager. */
  openLogsFolder(): void
  /** Opens Diagnostics with the redacted report ready to copy. */
  reportProblem(): void
}

export interface AppMenuOptions {
  platform: MenuPlatform
  productName: string
  /** Reload and developer tools are for development builds only. */
  isDevelopment: boolean
  actions: AppMenuActions
}

const SETTINGS: AppRoute = { name: 'settings' }
const DIAGNOSTICS: AppRoute = { name: 'diagnostics' }

function goToMenu(actions: AppMenuActions): MenuItemConstructorOptions {
  return {
    label: 'Go',
    submenu: MENU_PAGES.map((page, index) => ({
      label: page.label,
      accelerator: `CmdOrCtrl+${index + 1}`,
      click: () => actions.navigate(page.route),
    })),
  }
}

function viewMenu(isDevelopment: boolean): MenuItemConstructorOptions {
  const developer: MenuItemConstructorOptions[] = isDevelopment
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : []
  return {
    label: 'View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
}

function helpMenu(options: AppMenuOptions): MenuItemConstructorOptions {
  const { actions } = options
  const about: MenuItemConstructorOptions[] =
    options.platform === 'macos'
      ? []
      : [{ type: 'separator' }, { label: `About ${options.productName}`, click: () => actions.showAbout() }]
  return {
    role: 'help',
    submenu: [
      { label: 'Diagnostics', click: () => actions.navigate(DIAGNOSTICS) },
      { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      { label: 'Report a Problem…', click: () => actions.reportProblem() },
      ...about,
    ],
  }
}

// Text fields need the Edit roles for copy, paste and undo shortcuts to work at all on macOS.
const EDIT_ROLES: MenuItemConstructorOptions[] = [
  { role: 'undo' },
  { role: 'redo' },
  { type: 'separator' },
  { role: 'cut' },
  { role: 'copy' },
  { role: 'paste' },
  { role: 'selectAll' },
]

/** macOS: the app menu carries About, Settings… (⌘,), Hide and Quit; Window is the standard window menu. */
function macTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { actions, productName } = options
  return [
    {
      label: productName,
      submenu: [
        { label: `About ${productName}`, click: () => actions.showAbout() },
        { type: 'separator' },
        { label: 'Settings…', accelerator: 'Cmd+,', click: () => actions.navigate(SETTINGS) },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: EDIT_ROLES },
    viewMenu(options.isDevelopment),
    goToMenu(actions),
    { role: 'windowMenu' },
    helpMenu(options),
  ]
}

/** Windows and Linux: File holds Settings (Ctrl+,) and Exit/Quit; About lives under Help. */
function windowsLinuxTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { actions } = options
  return [
    {
      label: 'File',
      submenu: [
        { label: 'Settings', accelerator: 'Ctrl+,', click: () => actions.navigate(SETTINGS) },
        { type: 'separator' },
        // Windows says Exit, Linux desktops say Quit.
        { role: 'quit', label: options.platform === 'windows' ? 'Exit' : 'Quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { label: 'Edit', submenu: EDIT_ROLES },
    viewMenu(options.isDevelopment),
    goToMenu(actions),
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    helpMenu(options),
  ]
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  return options.platform === 'macos' ? macTemplate(options) : windowsLinuxTemplate(options)
}
