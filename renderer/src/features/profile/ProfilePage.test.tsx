import '@testing-library/jest-dom/vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { ConvexError } from 'convex/values'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fake, resetFakes } from '../../backend/testing/fakes'
import { WithLiveViews } from '../../backend/testing/live-views'
import { liveSession, NOW, offlineSession, userDoc } from '../../backend/testing/fixtures'
import { RouterProvider } from '../../routing/router'
import { ProfilePage } from './ProfilePage'

vi.mock('convex/react', async () => (await import('../../backend/testing/fakes')).convexReactModule)
vi.mock('@clerk/electron/react', async () => (await import('../../backend/testing/fakes')).clerkReactModule)

beforeEach(() => {
  resetFakes()
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

// The live views come with the connected app (session/live/ConnectedApp.tsx); live-mode tests render the page under them.
const live = { wrapper: WithLiveViews }
// As in the app, where every page is inside the router (for links to other pages).
const liveWithRouter = {
  wrapper: ({ children }: { children: ReactNode }) => (
    <RouterProvider>
      <WithLiveViews>{children}</WithLiveViews>
    </RouterProvider>
  ),
}

function field(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' })
  return term.nextElementSibling as HTMLElement
}

describe('ProfilePage (live)', () => {
  it('shows a skeleton while users.me loads', () => {
    render(<ProfilePage session={liveSession()} />, live)
    expect(screen.getByRole('status', { name: '' })).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByText('Loading your profile…')).toBeInTheDocument()
  })

  it('says the account is being set up while users.me is null (first sign-in)', () => {
    fake.queries.set('users:me', null)
    render(<ProfilePage session={liveSession()} />, live)
    expect(screen.getByText('Setting up your account')).toBeInTheDocument()
  })

  it('shows every synced field and when and from where it was synced', () => {
    fake.queries.set('users:me', userDoc)
    render(<ProfilePage session={liveSession()} />, live)
    expect(field('Name')).toHaveTextContent('Ada Lovelace')
    expect(field('Given name')).toHaveTextContent('Ada')
    expect(field('Family name')).toHaveTextContent('Lovelace')
    expect(field('Nickname')).toHaveTextContent('Not set')
    expect(field('Email')).toHaveTextContent('ada@example.com')
    expect(within(field('Email')).getByText('Verified')).toBeInTheDocument()
    // Developer detail (ids, the token identifier, the picture's address) is for Diagnostics, not this page.
    expect(screen.queryByText('user_2abc')).toBeNull()
    expect(screen.queryByText(/clerk\.example\.com|img\.clerk\.com/)).toBeNull()
    expect(screen.queryByText(/Clerk|Token|JWT|webhook/)).toBeNull()
    expect(field('Last synced')).toHaveTextContent('2 minutes ago')
    expect(within(field('Last synced')).getByText(/2 minutes ago/)).toHaveAttribute(
      'datetime',
      new Date(NOW - 120_000).toISOString(),
    )
    expect(field('Synced from')).toHaveTextContent('this app, when you signed in')
    expect(field('Account changed')).toHaveTextContent('1 hour ago')
  })

  it('says plainly when the sign-in token brought no profile at all (Clerk’s Convex integration, claims unmapped)', () => {
    const bare = {
      ...userDoc,
      email: undefined,
      emailVerified: undefined,
      name: undefined,
      givenName: undefined,
      familyName: undefined,
      pictureUrl: undefined,
    }
    fake.queries.set('users:me', bare)
    render(<ProfilePage session={liveSession()} />, liveWithRouter)
    const notice = screen.getByTestId('empty-profile-notice')
    expect(notice).toHaveTextContent('Your name and email address did not come with your sign-in')
    expect(within(notice).getByRole('link', { name: 'Open Diagnostics' })).toHaveAttribute(
      'href',
      '/diagnostics',
    )
    cleanup()
    // A profile with any detail, or one from a webhook, gets no such notice.
    fake.queries.set('users:me', { ...bare, email: 'ada@example.com' })
    render(<ProfilePage session={liveSession()} />, liveWithRouter)
    expect(screen.queryByTestId('empty-profile-notice')).toBeNull()
    cleanup()
    fake.queries.set('users:me', { ...bare, lastSyncSource: 'webhook' })
    render(<ProfilePage session={liveSession()} />, liveWithRouter)
    expect(screen.queryByTestId('empty-profile-notice')).toBeNull()
  })

  it('shows the picture, and initials when it cannot load', () => {
    fake.queries.set('users:me', userDoc)
    const { container } = render(<ProfilePage session={liveSession()} />, live)
    const img = container.querySelector('img.avatar-large') as HTMLImageElement
    expect(img).toHaveAttribute('src', 'https://img.clerk.com/ada.png')
    fireEvent.error(img)
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('.avatar-large')).toHaveTextContent('AL')
  })

  it('names the sign-in service as the source, an unverified email, and an unknown change time', () => {
    fake.queries.set('users:me', {
      ...userDoc,
      lastSyncSource: 'webhook',
      emailVerified: false,
      clerkUpdatedAt: 0,
      tokenIdentifier: undefined,
    })
    render(<ProfilePage session={liveSession()} />, live)
    expect(field('Synced from')).toHaveTextContent('the sign-in service, when your account changed')
    expect(within(field('Email')).getByText('Not verified')).toBeInTheDocument()
    expect(field('Account changed')).toHaveTextContent('Unknown')
  })

  it('explains a server error in place instead of crashing', () => {
    fake.queries.set('users:me', new ConvexError({ code: 'USER_DELETED', message: 'gone' }))
    render(<ProfilePage session={liveSession()} />, live)
    expect(screen.getByRole('alert')).toHaveTextContent('This account was deleted')
  })
})

describe('ProfilePage (offline)', () => {
  it('shows the cached profile, clearly marked, without asking the server', () => {
    render(<ProfilePage session={offlineSession()} />)
    // The mark says what is shown and how old it is; "Offline" is the shell's to say, once.
    expect(screen.getByText(/Showing what was last synced/)).toHaveTextContent(
      /^Showing what was last synced 3 hours ago\.$/,
    )
    expect(screen.queryByText(/offline/i)).toBeNull()
    expect(field('Name')).toHaveTextContent('Ada Lovelace')
    expect(field('Email')).toHaveTextContent('ada@example.com')
    expect(screen.queryByText('user_2abc')).toBeNull()
    expect(fake.subscribed).toEqual([])
  })

  it('says nothing is saved yet when there is no cache', () => {
    render(<ProfilePage session={offlineSession({ lastKnownUser: null })} />)
    expect(screen.getByText(/Nothing about your account is saved on this computer yet/)).toBeInTheDocument()
  })
})

describe('ProfilePage before the connected app has loaded (first chunk)', () => {
  it('shows the cached profile offline without the live views', () => {
    render(<ProfilePage session={offlineSession()} />)
    expect(field('Name')).toHaveTextContent('Ada Lovelace')
    expect(fake.subscribed).toEqual([])
  })

  it('shows a placeholder, not the server profile, if the session is live before the live views arrive', () => {
    fake.queries.set('users:me', userDoc)
    render(<ProfilePage session={liveSession()} />)
    expect(screen.getByText('Connecting to the server…')).toBeInTheDocument()
    expect(screen.queryByText('Given name')).toBeNull()
    expect(fake.subscribed).toEqual([])
  })
})
