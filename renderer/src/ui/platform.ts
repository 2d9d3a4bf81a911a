// Which OS the window runs on, read synchronously from the browser so the first frame already has the native
// font stack (styles.css keys the fonts and the title-bar room on `html[data-platform]`). Chromium in Electron
// reports the real OS here; `window.desktop.app.getInfo()` would say the same, one round trip later.
import type { DevicePlatform } from '../../../electron/shared/contract'

type NavigatorLike = Pick<Navigator, 'platform' | 'userAgent'> & {
  userAgentData?: { platform?: string }
}

export function detectPlatform(navigator: NavigatorLike): DevicePlatform {
  const hint = `${navigator.userAgentData?.platform ?? ''} ${navigator.platform} ${navigator.userAgent}`
  if (/\bmac/i.test(hint)) return 'macos'
  if (/\bwin/i.test(hint)) return 'windows'
  // Linux, ChromeOS and anything unknown: the Linux stack ends in system-ui and sans-serif, safe everywhere.
  return 'linux'
}

export function applyPlatformAttribute(root: HTMLElement, navigator: NavigatorLike): DevicePlatform {
  const platform = detectPlatform(navigator)
  root.dataset.platform = platform
  return platform
}
