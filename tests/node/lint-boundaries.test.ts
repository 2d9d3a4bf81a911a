// The boundaries in eslint.config.mjs, fed offending and allowed snippets through ESLint itself: a rule that
// silently stopped matching (a renamed folder, a changed option) fails here, not in a code review.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

// The first lintText loads eslint.config.mjs, its plugins and the TypeScript parser: seconds on a cold CI
// machine (6.7 s once, past the 5 s test timeout), and not what any test below is about. Paid once, here.
beforeAll(async () => {
  await eslint.lintText('export {}\n', { filePath: 'electron/main/some-module.ts' })
}, 60_000)

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter(
      (message) =>
        message.ruleId === '@typescript-eslint/no-restricted-imports' ||
        message.ruleId === 'no-restricted-syntax' ||
        message.ruleId === 'harbor/layers',
    )
    .map((message) => message.message)
}

describe('lint: only the composition roots import runtime Electron', () => {
  it.each([
    ["import { app } from 'electron'\nexport const a = app\n"],
    ["import * as electron from 'electron'\nexport const e = electron\n"],
    ["import electron from 'electron'\nexport const e = electron\n"],
    ["export { shell } from 'electron'\n"],
    ["const { app } = require('electron')\nexport const a = app\n"],
    ["export async function load() {\n  return import('electron')\n}\n"],
  ])('refuses in a main-process module: %s', async (code) => {
    const messages = await boundaryMessages('electron/main/some-module.ts', code)
    expect(messages).toEqual([expect.stringMatching(/electron\/main\/index\.ts/)])
  })

  it.each([
    ["import type { App } from 'electron'\nexport type A = App\n"],
    ["import { type App } from 'electron'\nexport type A = App\n"],
  ])('allows a type-only import in a main-process module: %s', async (code) => {
    expect(await boundaryMessages('electron/main/some-module.ts', code)).toEqual([])
  })

  it('allows runtime Electron in the main composition root and the preload entry', async () => {
    const code = "import { app } from 'electron'\nexport const a = app\n"
    expect(await boundaryMessages('electron/main/index.ts', code)).toEqual([])
    expect(await boundaryMessages('electron/preload/index.ts', code)).toEqual([])
  })
})

describe('lint: the renderer reaches the desktop only through window.desktop', () => {
  it.each([
    ["import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer\n"],
    ["import type { IpcRenderer } from 'electron'\nexport type I = IpcRenderer\n"],
    [
      "import { createKeychainStorage } from '../../../electron/main/keychain-storage'\nexport const k = createKeychainStorage\n",
    ],
    [
      "import { createDesktopApi } from '../../../electron/preload/desktop-api'\nexport const d = createDesktopApi\n",
    ],
  ])('refuses: %s', async (code) => {
    const messages = await boundaryMessages('renderer/src/features/some-page.tsx', code)
    expect(messages).toEqual([expect.stringMatching(/window\.desktop/)])
  })

  it('allows the shared contract, and Clerk’s React package in a live/ folder', async () => {
    const code =
      "import type { AppInfo } from '../../../../../electron/shared/contract'\nimport { useAuth } from '@clerk/electron/react'\nexport type A = AppInfo\nexport const u = useAuth\n"
    expect(await boundaryMessages('renderer/src/features/some-page/live/LiveThing.tsx', code)).toEqual([])
  })
})

describe('lint: renderer imports run down the layers', () => {
  it.each([
    [
      'renderer/src/ui/Thing.tsx',
      "import { toSessionView } from '../session/session-view'\nexport const t = toSessionView\n",
      'ui/ must not import session/',
    ],
    [
      'renderer/src/shell/Thing.tsx',
      "import { describe } from '../session/session-view'\nexport const d = describe\n",
      'shell/ must not import session/',
    ],
    [
      'renderer/src/features/devices/Thing.tsx',
      "import { Shell } from '../../shell/Shell'\nexport const s = Shell\n",
      'features/ must not import shell/',
    ],
    [
      'renderer/src/backend/thing.ts',
      "import type { SessionState } from '../session/session-machine'\nexport type S = SessionState\n",
      'backend/ must not import session/',
    ],
    [
      'renderer/src/routing/thing.ts',
      "export { Avatar } from '../ui/Avatar'\n",
      'routing/ must not import ui/',
    ],
    [
      'renderer/src/lib/thing.ts',
      "export * from '../backend/convex-errors'\n",
      'lib/ must not import backend/',
    ],
    [
      'renderer/src/session/thing.ts',
      "import { render } from '../main'\nexport const r = render\n",
      'session/ must not import entry/',
    ],
  ])('refuses in %s: %s', async (file, code, message) => {
    const messages = await boundaryMessages(file, code)
    expect(messages).toEqual([expect.stringContaining(message)])
    expect(messages[0]).toMatch(
      /imports run down entry > session > shell > features > startup > ui > backend > routing > lib/,
    )
  })

  it.each([
    ['renderer/src/session/thing.ts', "import { Shell } from '../shell/Shell'\nexport const s = Shell\n"],
    [
      'renderer/src/features/settings/Thing.tsx',
      "import { UpdateChannelSetting } from '../updates/UpdateChannelSetting'\nexport const u = UpdateChannelSetting\n",
    ],
    [
      'renderer/src/ui/Thing.tsx',
      "import type { DescribedError } from '../backend/convex-errors'\nexport type D = DescribedError\n",
    ],
    [
      'renderer/src/main.tsx',
      "import { SessionRoot } from './session/SessionRoot'\nexport const s = SessionRoot\n",
    ],
  ])('allows a downward or sibling import in %s', async (file, code) => {
    expect(await boundaryMessages(file, code)).toEqual([])
  })
})

describe('lint: Convex and Clerk load only with the connected chunk (live/ folders)', () => {
  it.each([
    ['renderer/src/shell/Thing.tsx', "import { useQuery } from 'convex/react'\nexport const q = useQuery\n"],
    [
      'renderer/src/session/SessionThing.tsx',
      "import { useAuth } from '@clerk/electron/react'\nexport const a = useAuth\n",
    ],
    [
      'renderer/src/backend/thing.ts',
      "import { ConvexReactClient } from 'convex/react'\nexport const c = ConvexReactClient\n",
    ],
    [
      'renderer/src/main.tsx',
      "export async function load() {\n  return import('@clerk/electron/react')\n}\n",
    ],
  ])('refuses the package in a first-chunk module %s: %s', async (file, code) => {
    expect(await boundaryMessages(file, code)).toEqual([
      expect.stringMatching(/only modules in a live\/ folder/),
    ])
  })

  it('refuses Convex function code (convex/_generated/api) outside live/, but not its types', async () => {
    const runtime = "import { api } from '../../../../convex/_generated/api'\nexport const a = api\n"
    expect(await boundaryMessages('renderer/src/features/devices/Thing.tsx', runtime)).toEqual([
      expect.stringMatching(/Convex function code/),
    ])
    const types =
      "import type { Doc } from '../../../../convex/_generated/dataModel'\nexport type D = Doc<'users'>\n"
    expect(await boundaryMessages('renderer/src/features/devices/Thing.tsx', types)).toEqual([])
  })

  it('refuses a static import of a live/ module from the first chunk; import() is the seam', async () => {
    const staticImport =
      "import { DiagnosticsPage } from '../features/diagnostics/live/DiagnosticsPage'\nexport const d = DiagnosticsPage\n"
    expect(await boundaryMessages('renderer/src/shell/Thing.tsx', staticImport)).toEqual([
      expect.stringMatching(/load it with import\(\)/),
    ])
    const lazy = "export const load = () => import('../features/diagnostics/live/DiagnosticsPage')\n"
    expect(await boundaryMessages('renderer/src/shell/Thing.tsx', lazy)).toEqual([])
  })

  it('allows type-only imports of the packages anywhere, and runtime ones in live/ folders', async () => {
    const types = "import type { ConvexReactClient } from 'convex/react'\nexport type C = ConvexReactClient\n"
    expect(await boundaryMessages('renderer/src/shell/Thing.tsx', types)).toEqual([])
    const runtime = "import { ConvexReactClient } from 'convex/react'\nexport const c = ConvexReactClient\n"
    expect(await boundaryMessages('renderer/src/backend/live/thing.ts', runtime)).toEqual([])
    expect(await boundaryMessages('renderer/src/session/live/thing.ts', runtime)).toEqual([])
  })
})
