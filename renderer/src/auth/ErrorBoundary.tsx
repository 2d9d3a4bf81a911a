import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | null
}

/** The outermost frame: an unexpected render error shows a way out instead of a blank window. The message is
 * shown, the stack is not (it only goes to the console, where Diagnostics and logs pick it up). */
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
    return (
      <main className="centered-screen" data-screen="crashed">
        <div className="card" role="alert">
          <h1>Something went wrong</h1>
          <p>Harbor hit an unexpected problem and stopped this window. Your data is safe.</p>
          <p className="muted">{this.state.error.message}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => window.location.reload()}>
              Reload Harbor
            </button>
          </div>
        </div>
      </main>
    )
  }
}
