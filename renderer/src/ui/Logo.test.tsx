import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Logo } from './Logo'
import { CenteredScreen } from './CenteredScreen'

afterEach(cleanup)

describe('Logo', () => {
  it('is decoration by default: hidden from assistive technology', () => {
    render(<Logo />)
    const logo = screen.getByTestId('logo')
    expect(logo).toHaveAttribute('aria-hidden', 'true')
    expect(screen.queryByRole('img')).toBeNull()
  })

  it('with a label it stands for the name', () => {
    render(<Logo label="Harbor" size={64} />)
    const logo = screen.getByRole('img', { name: 'Harbor' })
    expect(logo).toHaveAttribute('width', '64')
    expect(logo).not.toHaveAttribute('aria-hidden')
  })

  it('two logos on one page keep their own gradient', () => {
    render(
      <>
        <Logo />
        <Logo />
      </>,
    )
    const fills = screen
      .getAllByTestId('logo')
      .map((logo) => logo.querySelector('rect')!.getAttribute('fill'))
    expect(new Set(fills).size).toBe(2)
    for (const logo of screen.getAllByTestId('logo')) {
      const id = logo.querySelector('linearGradient')!.id
      expect(logo.querySelector('rect')).toHaveAttribute('fill', `url(#${id})`)
    }
  })

  it('every full-window screen outside the shell carries it', () => {
    render(
      <CenteredScreen screen="setup">
        <h1>Harbor needs to be configured</h1>
      </CenteredScreen>,
    )
    expect(screen.getByTestId('logo')).toBeInTheDocument()
    expect(screen.getByRole('main')).toHaveAttribute('data-screen', 'setup')
  })
})
