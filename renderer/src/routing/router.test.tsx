import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Link, navigate, RouterProvider, useRouter } from './router'

function Where() {
  const { route, pathname } = useRouter()
  return (
    <p>
      {route.name} at {pathname}
    </p>
  )
}

afterEach(() => {
  cleanup()
  window.history.replaceState(null, '', '/')
})

describe('router', () => {
  it('follows links without reloading and reacts to back/forward', async () => {
    render(
      <RouterProvider>
        <Where />
        <Link to="/devices/dev-0001">Open device</Link>
      </RouterProvider>,
    )
    expect(screen.getByText('home at /')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('link', { name: 'Open device' }))
    expect(screen.getByText('device at /devices/dev-0001')).toBeInTheDocument()
    act(() => {
      window.history.back()
    })
    await screen.findByText('home at /')
  })

  it('navigates programmatically (Clerk, app links) and refuses other origins', () => {
    render(
      <RouterProvider>
        <Where />
      </RouterProvider>,
    )
    act(() => {
      expect(navigate('/settings')).toBe(true)
    })
    expect(screen.getByText('settings at /settings')).toBeInTheDocument()
    act(() => {
      expect(navigate('https://evil.example/profile')).toBe(false)
    })
    expect(screen.getByText('settings at /settings')).toBeInTheDocument()
    act(() => {
      expect(navigate(`${window.location.origin}/profile`, { replace: true })).toBe(true)
    })
    expect(screen.getByText('profile at /profile')).toBeInTheDocument()
  })
})
