// Small building blocks every synced page uses to show loading, offline and server-error states the same way.
import type { ReactNode } from 'react'
import type { DescribedError } from '../../lib/convex-errors'
import { formatAge, formatDateTime } from '../../lib/format-time'
import './page-kit.css'

export function Page({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <section className="hb-page" aria-labelledby="hb-page-title">
      <h1 id="hb-page-title">{title}</h1>
      {subtitle ? <p className="hb-subtitle">{subtitle}</p> : null}
      {children}
    </section>
  )
}

/** Shown where a page renders cached data: says so, since when, and why. */
export function OfflineNotice({ reason, syncedAt, nowMs }: { reason: string | null; syncedAt: number | null; nowMs: number }) {
  return (
    <div className="hb-notice" role="status">
      <strong>Offline: showing what was last synced{syncedAt !== null ? ` ${formatAge(syncedAt, nowMs)}` : ''}</strong>
      <p>
        {reason ?? 'The server cannot be reached.'}
        {syncedAt !== null ? (
          <>
            {' '}
            Last confirmed online <time dateTime={new Date(syncedAt).toISOString()}>{formatDateTime(syncedAt)}</time>.
          </>
        ) : null}
      </p>
    </div>
  )
}

export function ErrorNotice({ error, onRetry }: { error: Pick<DescribedError, 'title' | 'message'>; onRetry?: () => void }) {
  return (
    <div className="hb-notice" data-tone="error" role="alert">
      <strong>{error.title}</strong>
      <p>{error.message}</p>
      {onRetry ? (
        <p>
          <button type="button" className="hb-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      ) : null}
    </div>
  )
}

/** Placeholder lines with the page's shape, instead of a flash of empty or wrong content. */
export function Skeleton({ label, lines = 4 }: { label: string; lines?: number }) {
  return (
    <div className="hb-card" role="status" aria-busy="true">
      <span className="hb-visually-hidden">{label}</span>
      {Array.from({ length: lines }, (_, index) => (
        <span key={index} className="hb-skeleton" style={{ width: `${90 - ((index * 17) % 40)}%` }} aria-hidden="true" />
      ))}
    </div>
  )
}

export function Unset({ children = 'Not set' }: { children?: ReactNode }) {
  return <span className="hb-unset">{children}</span>
}
