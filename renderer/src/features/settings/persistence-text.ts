import type { PersistenceMode } from '../../../../electron/shared/contract'

export interface PersistenceText {
  label: string
  explanation: string
  tone: 'ok' | 'bad'
}

// Words for where the main process keeps the Clerk client token (see electron/main/keychain-storage.ts).
export const PERSISTENCE_TEXT: Record<PersistenceMode, PersistenceText> = {
  keychain: {
    label: 'System keychain',
    explanation:
      'Your sign-in is kept in the operating system’s keychain (Keychain on macOS, Credential Manager on ' +
      'Windows, the Secret Service on Linux). You stay signed in after quitting Harbor.',
    tone: 'ok',
  },
  'encrypted-file': {
    label: 'Encrypted file',
    explanation:
      'No keychain could be reached, so your sign-in is kept in a file encrypted by the operating system. ' +
      'You stay signed in after quitting Harbor.',
    tone: 'ok',
  },
  memory: {
    label: 'Memory only',
    explanation:
      'Neither a keychain nor real encryption is available on this computer, so your sign-in is not saved: ' +
      'you will have to sign in again after quitting Harbor. On Linux, installing and unlocking a keyring ' +
      '(such as GNOME Keyring) fixes this.',
    tone: 'bad',
  },
}
