// The boundaries in eslint.config.mjs, fed offending and allowed snippets through ESLint itself: a rule that
// silently stopped matching (a renamed folder, a changed option) fails here, not in a code review.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter(
      (message) =>
        message.ruleId === '@typescript-eslint/no-restricted-imports' ||
        message.ruleId === 'no-restricted-syntax',
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

  it('allows the shared contract and Clerk’s React package', async () => {
    const code =
      "import type { AppInfo } from '../../../electron/shared/contract'\nimport { useAuth } from '@clerk/electron/react'\nexport type A = AppInfo\nexport const u = useAuth\n"
    expect(await boundaryMessages('renderer/src/features/some-page.tsx', code)).toEqual([])
  })
})
