import { useEffect, useState } from 'react'
import type { AppInfo, RecoveryNotice } from '../../../electron/shared/contract'
import { copyText } from '../lib/copy-text'
import { buildCrashReport } from './crash-report'
import { getDesktop } from '../lib/desktop'
import { CenteredScreen, Notice } from '../ui/CenteredScreen'

export interface CrashScreenProps {
  /** The renderer process died again soon after a restart (from the main process). */
  notice: RecoveryNotice | null
  /** A render error caught by the error boundary. */
  error: Error | null
}

/**
 * What the window shows instead of the app when it cannot carry on: plain words for the user, and the detail
 * (reason, error, versions) only inside the report they can copy for support.
 */
export function CrashScreen({ notice, error }: CrashScreenProps) {
  const [copied, setCopied] = useState<string | null>(null)
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null)
  useEffect(() => {
    let live = true
    // The crash screen must never fail itself (it is what the error boundary shows): a missing or broken
    // preload only leaves the report without versions.
    Promise.resolve()
      .then(() => getDesktop()?.app.getInfo() ?? null)
      .then((info) => {
        if (live) setAppInfo(info)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])

  const copyReport = async (): Promise<void> => {
    const report = buildCrashReport({
      generatedAt: Date.now(),
      app: appInfo,
      notice,
      error: error ? { message: error.message, stack: error.stack } : null,
      userAgent: navigator.userAgent,
    })
    try {
      await copyText(report)
      setCopied('Report copied. Paste it into your message to support.')
    } catch {
      setCopied(
        'Harbor could not reach the clipboard. Open Help → Open Logs Folder and send main.log instead.',
      )
    }
  }

  return (
    <CenteredScreen screen="crashed">
      <div role="alert">
        <h1>Something went wrong</h1>
        <p>
          {notice
            ? 'Harbor’s window stopped unexpectedly, twice in a short time. Your data is safe.'
            : 'Harbor hit an unexpected problem and stopped this window. Your data is safe.'}
        </p>
      </div>
      <Notice text={copied} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload Harbor
        </button>
        <button type="button" onClick={() => void copyReport()}>
          Copy report
        </button>
      </div>
    </CenteredScreen>
  )
}

/** After one crash the window was reloaded: say so once, quietly, and let the user dismiss it. */
export function RestartedNotice({ onDismiss }: { onDismiss(): void }) {
  return (
    <div className="restarted-notice" role="status">
      <span>Harbor restarted this window after a problem. Nothing was lost.</span>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
