import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WindowFrame } from './WindowFrame'

vi.mock('../features/updates/UpdateBanner', () => ({ UpdateBanner: () => null }))

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  delete document.documentElement.dataset.platform
})

describe('WindowFrame', () => {
  it.each([
    ['MacIntel', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 'macos'],
    ['Win32', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'windows'],
    ['Linux x86_64', 'Mozilla/5.0 (X11; Linux x86_64)', 'linux'],
  ])(
    'marks <html> with the platform (%s), which the fonts and title-bar room follow',
    (platform, userAgent, expected) => {
      vi.stubGlobal('navigator', { ...navigator, platform, userAgent })
      render(
        <WindowFrame>
          <p>screen</p>
        </WindowFrame>,
      )
      expect(screen.getByText('screen')).toBeInTheDocument()
      expect(document.documentElement).toHaveAttribute('data-platform', expected)
    },
  )
})
