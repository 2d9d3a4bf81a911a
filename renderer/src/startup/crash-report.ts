// The report the crash screen copies: what a support person needs to tell a renderer crash from a render error,
// with secrets scrubbed (an error message can quote a URL with a token in it). Pure, so the redaction is tested.
import type { AppInfo, RecoveryNotice } from '../../../electron/shared/contract'
import { scrubSecrets } from '../lib/redact'

export interface CrashReportInput {
  generatedAt: number
  app: AppInfo | null
  /** Set when the window's renderer process died (from the main process). */
  notice: RecoveryNotice | null
  /** Set when a render error reached the error boundary. */
  error: { message: string; stack?: string } | null
  userAgent: string
}

export function buildCrashReport(input: CrashReportInput): string {
  const lines = [
    '# Harbor crash report',
    `generated: ${new Date(input.generatedAt).toISOString()}`,
    `app: ${input.app ? `${input.app.productName} ${input.app.version} (${input.app.platform}, ${input.app.isPackaged ? 'packaged' : 'development'})` : 'unknown'}`,
    `user agent: ${input.userAgent}`,
  ]
  if (input.notice) {
    lines.push(
      `renderer process: ${input.notice.kind === 'crashed-again' ? 'stopped again after a restart' : 'stopped once and was restarted'}`,
      `reason: ${input.notice.reason}`,
      `at: ${new Date(input.notice.at).toISOString()}`,
    )
  }
  if (input.error) {
    lines.push(`error: ${input.error.message}`)
    if (input.error.stack) lines.push('stack:', ...input.error.stack.split('\n').slice(0, 20))
  }
  return scrubSecrets(lines.join('\n'))
}
