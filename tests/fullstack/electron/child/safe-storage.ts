// Electron's safeStorage on Linux, after Chromium's os_crypt: the backend is chosen from the desktop session
// (XDG_CURRENT_DESKTOP / DESKTOP_SESSION, or --password-store), `basic_text` when none is recognised or its
// store is unreachable; nothing is available before `ready`; ciphertext is `v11` (`v10` for basic_text) + AES-128-CBC with a key
// derived (PBKDF2-SHA1, salt "saltysalt", 1 iteration, IV of 16 spaces) from a random password the backend
// keeps. Here the password lives in a file of the test profile's "OS" folder instead of the keyring / KWallet
// (see README: what is not reproduced).
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export type StorageBackend =
  'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

export interface SafeStorageConfig {
  /** What os_crypt would select for this session once `ready` (decided by the test profile). */
  backend: Exclude<StorageBackend, 'unknown'>
  /** Where the backend's password is kept (stands in for the keyring item / KWallet entry). */
  passwordFile: string
}

const IV = Buffer.alloc(16, ' ')
// Chromium's fixed password for `basic_text` (os_crypt_linux.cc): obfuscation, not protection.
const BASIC_TEXT_PASSWORD = 'peanuts'

export function createSafeStorage(config: SafeStorageConfig, isReady: () => boolean) {
  let usePlainText = false
  let key: Buffer | null = null
  // os_crypt marks basic_text ciphertext `v10` and keyring-backed ciphertext `v11`.
  const prefix = config.backend === 'basic_text' ? 'v10' : 'v11'

  const available = (): boolean => {
    if (!isReady()) return false
    return config.backend !== 'basic_text' || usePlainText
  }

  const deriveKey = (): Buffer => {
    if (key) return key
    let password: string
    if (config.backend === 'basic_text') password = BASIC_TEXT_PASSWORD
    else {
      try {
        password = readFileSync(config.passwordFile, 'utf8')
      } catch {
        password = randomBytes(16).toString('base64')
        mkdirSync(dirname(config.passwordFile), { recursive: true })
        writeFileSync(config.passwordFile, password, { mode: 0o600 })
      }
    }
    key = pbkdf2Sync(password, 'saltysalt', 1, 16, 'sha1')
    return key
  }

  const encrypt = (plainText: string): Buffer => {
    if (typeof plainText !== 'string') throw new TypeError('safeStorage.encryptString expects a string')
    if (!available()) {
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      )
    }
    const cipher = createCipheriv('aes-128-cbc', deriveKey(), IV)
    return Buffer.concat([Buffer.from(prefix), cipher.update(plainText, 'utf8'), cipher.final()])
  }

  const decrypt = (encrypted: Buffer): string => {
    if (!Buffer.isBuffer(encrypted))
      throw new TypeError('Expected the first argument of decryptString() to be a buffer')
    if (!available()) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      )
    }
    if (encrypted.subarray(0, 3).toString() !== prefix) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    }
    try {
      const decipher = createDecipheriv('aes-128-cbc', deriveKey(), IV)
      return Buffer.concat([decipher.update(encrypted.subarray(3)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    }
  }

  return {
    isEncryptionAvailable: available,
    isAsyncEncryptionAvailable: async () => available(),
    getSelectedStorageBackend: (): StorageBackend => (isReady() ? config.backend : 'unknown'),
    setUsePlainTextEncryption: (value: boolean) => {
      usePlainText = value
    },
    encryptString: encrypt,
    decryptString: decrypt,
    encryptStringAsync: async (plainText: string) => encrypt(plainText),
    decryptStringAsync: async (encrypted: Buffer) => ({ shouldReEncrypt: false, result: decrypt(encrypted) }),
  }
}
