// How a platform shows in the list: its name in words and an icon beside it (decoration: the name is the text).
// Lucide has no operating-system logos, so each icon is a plain symbol people associate with that system.
import { Apple, AppWindow, Monitor, Terminal, type LucideIcon } from 'lucide-react'
import type { DevicePlatform } from '../../../../electron/shared/contract'

export const PLATFORM_LABEL: Record<DevicePlatform, string> = {
  macos: 'macOS',
  windows: 'Windows',
  linux: 'Linux',
}

const PLATFORM_ICON: Record<DevicePlatform, LucideIcon> = {
  macos: Apple,
  windows: AppWindow,
  linux: Terminal,
}

/** The label and icon for a platform; one this build does not know (a newer app's) still gets words. */
export function platformLook(platform: string): { label: string; Icon: LucideIcon } {
  if (Object.hasOwn(PLATFORM_LABEL, platform)) {
    const known = platform as DevicePlatform
    return { label: PLATFORM_LABEL[known], Icon: PLATFORM_ICON[known] }
  }
  return { label: 'Unknown system', Icon: Monitor }
}
