import { Component, type ErrorInfo, type ReactNode } from 'react'
import { CrashScreen } from './CrashScreen'

interface State {
  error: Error | null
}

/** The outermost frame: an unexpected render error shows a way out instead of a blank window. The message and
 * stack go to the console and into the report the crash screen copies, never onto the screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Harbor renderer crashed', error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return <CrashScreen notice={null} error={this.state.error} />
  }
}
