// Small building blocks every synced page uses to show loading, offline and server-error states the same way.
import type { ReactNode } from 'react'
import type { DescribedError } from '../backend/convex-errors'
import { formatAge, formatDateTime } from './format-time'
import { useExactTimes } from './useExactTimes'
import { useTimeWords } from './useTimeWords'
import './page-kit.css'

export function Page({
  title,
  subtitle,
  children,
}: {
  title: string
  subtitle?: ReactNode
  children: ReactNode
}) {
  return (
    <section className="hb-page" aria-labelledby="hb-page-title">
      <h1 id="hb-page-title">{title}</h1>
      {subtitle ? <p className="hb-subtitle">{subtitle}</p> : null}
      {children}
    </section>
  )
}

/**
 * Marks data that comes from the offline cache. The shell's banner already says why the app is offline and
 * offers a retry; this says, next to the data itself, how old it is.
 */
export function OfflineMark({ syncedAt }: { syncedAt: number | null }) {
  const exact = useExactTimes()
  const age = useTimeWords((nowMs) => (syncedAt === null ? '' : formatAge(syncedAt, nowMs)))
  // No state badge here: the shell says "offline" (or "refused") once, in its banner or status indicator.
  return (
    <p className="hb-offline-mark">
      Showing what was last synced
      {syncedAt !== null ? (
        <>
          {' '}
          <time
            dateTime={new Date(syncedAt).toISOString()}
            title={exact ? formatDateTime(syncedAt) : undefined}
          >
            {age}
          </time>
        </>
      ) : null}
      .
    </p>
  )
}

export function ErrorNotice({
  error,
  onRetry,
}: {
  error: Pick<DescribedError, 'title' | 'message'>
  onRetry?: () => void
}) {
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
        <span
          key={index}
          className="hb-skeleton"
          style={{ width: `${90 - ((index * 17) % 40)}%` }}
          aria-hidden="true"
        />
      ))}
    </div>
  )
}

export function Unset({ children = 'Not set' }: { children?: ReactNode }) {
  return <span className="hb-unset">{children}</span>
}
