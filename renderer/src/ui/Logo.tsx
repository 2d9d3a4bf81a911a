// Harbor's mark, drawn as the app icon is (resources/icon.png, 512 px): a navy tile, a ring with a mast through
// it standing on the waterline. Same geometry in a 64-unit box so the two read as one identity at any size.
import { useId } from 'react'

export interface LogoProps {
  /** Rendered width and height in CSS px. */
  size?: number
  /**
   * Decorative by default (next to the product name, or on a screen whose heading names the app). Give a label
   * only where the mark stands alone for the name.
   */
  label?: string
  className?: string
}

export function Logo({ size = 48, label, className }: LogoProps) {
  // Several logos on one page (tests, the About surface) must not share a gradient id.
  const gradient = `harbor-logo-${useId().replace(/:/g, '')}`
  return (
    <svg
      className={className ? `logo ${className}` : 'logo'}
      width={size}
      height={size}
      viewBox="0 0 64 64"
      data-testid="logo"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true, focusable: false })}
    >
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#16315f" />
          <stop offset="1" stopColor="#275089" />
        </linearGradient>
      </defs>
      <rect className="logo-tile" width="64" height="64" rx="12" fill={`url(#${gradient})`} />
      <g className="logo-mark" fill="none" stroke="#f1f5fb" strokeWidth="3">
        <circle cx="32" cy="30" r="15.5" />
        <path d="M32 11v34.5" />
        <path d="M10.75 52.25h42.5" />
      </g>
    </svg>
  )
}
