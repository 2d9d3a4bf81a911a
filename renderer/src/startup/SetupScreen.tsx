import { useState } from 'react'
import type { ConfigProblem } from './config'
import { CenteredScreen } from '../ui/CenteredScreen'

const TEMPLATE = `VITE_CLERK_PUBLISHABLE_KEY=pk_test_...
VITE_CONVEX_URL=https://<your-deployment>.convex.cloud`

const DASHBOARDS: Record<ConfigProblem['variable'], { label: string; url: string }> = {
  VITE_CLERK_PUBLISHABLE_KEY: {
    label: 'Open the Clerk Dashboard',
    url: 'https://dashboard.clerk.com/last-active?path=api-keys',
  },
  VITE_CONVEX_URL: { label: 'Open the Convex Dashboard', url: 'https://dashboard.convex.dev' },
}

// A release build is not fixed by running the project's tools on this computer (the development fixes mention
// .env.local and `npx convex dev`): its builder copies each value from its dashboard and builds again.
const RELEASE_FIX: Record<ConfigProblem['variable'], string> = {
  VITE_CLERK_PUBLISHABLE_KEY:
    'Copy the publishable key (pk_test_… or pk_live_…) from the Clerk Dashboard, under Configure → API keys.',
  VITE_CONVEX_URL: 'Copy the deployment URL (https://<name>.convex.cloud) from the Convex Dashboard.',
}

export interface SetupScreenProps {
  problems: ConfigProblem[]
  openExternal(url: string): void
  copyText(text: string): Promise<void>
  /** A development build (`npm run dev`): the reader is the developer at the project, so the file to edit is
   * named. A release build says only what its builder has to set. */
  development?: boolean
}

/** Keys missing or malformed: say exactly which, what is wrong, and how to fix it. No Clerk, no Convex. */
export function SetupScreen({
  problems,
  openExternal,
  copyText,
  development = import.meta.env.DEV,
}: SetupScreenProps) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = () => {
    copyText(TEMPLATE).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    )
  }
  return (
    <CenteredScreen screen="setup">
      <h1>Harbor needs to be configured</h1>
      <p>This copy of Harbor is missing settings it needs to sign you in:</p>
      <ul className="problems">
        {problems.map((problem) => (
          <li key={problem.variable}>
            <h2>
              <code>{problem.variable}</code>
            </h2>
            <p className="problem-reason">{problem.reason}.</p>
            <p className="muted">{development ? problem.fix : RELEASE_FIX[problem.variable]}</p>
            <button type="button" onClick={() => openExternal(DASHBOARDS[problem.variable].url)}>
              {DASHBOARDS[problem.variable].label}
            </button>
          </li>
        ))}
      </ul>
      {development ? (
        <p>
          Put the values in <code>.env.local</code> at the project root, then restart <code>npm run dev</code>{' '}
          or rebuild:
        </p>
      ) : (
        <p>Whoever built this copy of Harbor needs to set these values and build it again:</p>
      )}
      <pre className="template" aria-label="Configuration template">
        {TEMPLATE}
      </pre>
      <div className="actions">
        <button type="button" onClick={copy}>
          Copy template
        </button>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload
        </button>
        <span role="status" className="muted">
          {copied === 'copied'
            ? 'Copied.'
            : copied === 'failed'
              ? 'Could not copy; select the text instead.'
              : ''}
        </span>
      </div>
    </CenteredScreen>
  )
}
