import { describe, expect, it } from 'vitest'
import { applyPlatformAttribute, detectPlatform } from './platform'

// What Chromium (and so Electron) reports on each OS.
const MAC = {
  platform: 'MacIntel',
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/140.0 Electron/45.5.0',
}
const WINDOWS = {
  platform: 'Win32',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Electron/45.5.0',
}
const LINUX = {
  platform: 'Linux x86_64',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Electron/45.5.0',
}

describe('detectPlatform', () => {
  it.each([
    [MAC, 'macos'],
    [WINDOWS, 'windows'],
    [LINUX, 'linux'],
    [{ platform: 'MacIntel', userAgent: '', userAgentData: { platform: 'macOS' } }, 'macos'],
    [{ platform: '', userAgent: '', userAgentData: { platform: 'Windows' } }, 'windows'],
    // Unknown (jsdom, ChromeOS): the generic stack, which ends in system-ui.
    [{ platform: '', userAgent: '' }, 'linux'],
  ] as const)('%j is %s', (navigator, platform) => {
    expect(detectPlatform(navigator)).toBe(platform)
  })
})

describe('applyPlatformAttribute', () => {
  it('marks the root element, which styles.css keys the font stack and type size on', () => {
    const root = document.createElement('html')
    expect(applyPlatformAttribute(root, WINDOWS)).toBe('windows')
    expect(root.getAttribute('data-platform')).toBe('windows')
    applyPlatformAttribute(root, MAC)
    expect(root.getAttribute('data-platform')).toBe('macos')
  })
})
