import type { DevicePlatform } from '../../../../electron/shared/contract'

export const PLATFORM_LABEL: Record<DevicePlatform, string> = {
  macos: 'macOS',
  windows: 'Windows',
  linux: 'Linux',
}
