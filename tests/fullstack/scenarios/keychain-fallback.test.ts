// A Linux desktop without a Secret Service (KDE with KWallet, no gnome-keyring): keytar cannot reach a keychain,
// so the Clerk client token goes to the safeStorage-encrypted file in userData, Settings says so, and the
// session survives a relaunch.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { GRACE, signInWithPassword, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

test('no Secret Service: the encrypted-file fallback keeps the sign-in and Settings says so', async () => {
  const stack = await startStack({ profile: { secretService: false, desktop: 'kde' } })
  stack.clerk.createUser(GRACE)
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 20_000 })
  await signInWithPassword(page, GRACE)
  await waitForLiveShell(page)

  await page.getByRole('link', { name: 'Settings' }).click()
  const persistence = page.locator('.settings-persistence')
  await persistence.getByText('Encrypted file').waitFor({ timeout: 10_000 })
  expect(await page.locator('main').innerText()).toContain('No keychain could be reached')

  // Stored: the token file exists, is not readable as text, and holds no part of the client token.
  const file = join(app.userDataDir(), 'tokens.enc.json')
  await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true)
  const stored = await readFile(file, 'utf8')
  const [session] = stack.clerk.sessions()
  expect(stored).not.toContain(session!.clientId)
  // Each value is os_crypt's ciphertext (base64 of "v10"/"v11" and the encrypted bytes), not a JWT. (Searching the
  // whole file for "eyJ", a JWT's first characters, failed once by chance: random base64 holds it now and then.)
  const entries = (JSON.parse(stored) as { entries: Record<string, string> }).entries
  expect(Object.keys(entries)).toContain('__clerk_client_jwt')
  for (const value of Object.values(entries)) {
    expect(Buffer.from(value, 'base64').subarray(0, 3).toString('latin1')).toMatch(/^v1[01]$/)
    expect(value).not.toMatch(/^eyJ|\./)
  }
  expect(stack.profile.keychainItems()).toEqual([])
  expect(await app.log()).toMatch(/Keychain probe failed/)

  // Kept across a relaunch.
  await app.quit()
  const again = await stack.launch()
  const relaunched = await again.firstWindow()
  await waitForLiveShell(relaunched.page)
})
