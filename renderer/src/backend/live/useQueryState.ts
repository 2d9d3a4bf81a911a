import { useQueries, type RequestForQueries } from 'convex/react'
import type { FunctionArgs, FunctionReference, FunctionReturnType } from 'convex/server'
import { getFunctionName } from 'convex/server'
import { convexToJson, type Value } from 'convex/values'
import { useMemo, useRef } from 'react'

export type QueryState<T> =
  { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ok'; data: T }

/**
 * A Convex query as a state instead of a thrown error. `useQuery` throws server errors (UNAUTHENTICATED,
 * USER_DELETED) into the nearest error boundary, which would take down the whole shell; `useQueries` returns
 * them as values, so each page can explain its own failure in place.
 */
export function useQueryState<Query extends FunctionReference<'query'>>(
  query: Query,
  args: FunctionArgs<Query> | 'skip',
): QueryState<FunctionReturnType<Query>> {
  const name = getFunctionName(query)
  const argsKey = args === 'skip' ? 'skip' : JSON.stringify(args)
  // `api.x.y` is a fresh proxy on every access: key the subscription on the function name and args instead.
  const queries = useMemo(
    (): RequestForQueries => {
      if (argsKey === 'skip') return {}
      return { result: { query, args: JSON.parse(argsKey) as Record<string, Value> } }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [name, argsKey],
  )
  const results = useQueries(queries) as Record<string, unknown>
  const result = argsKey === 'skip' ? undefined : results.result
  const stable = useSameWhileEqual(result)
  return useMemo((): QueryState<FunctionReturnType<Query>> => {
    if (stable === undefined) return { status: 'loading' }
    if (stable instanceof Error) return { status: 'error', error: stable }
    return { status: 'ok', data: stable as FunctionReturnType<Query> }
  }, [stable])
}

/** Two query results with the same content (a Convex value is its JSON form), or the same object. */
function sameResult(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a instanceof Error || b instanceof Error) return false
  try {
    return JSON.stringify(convexToJson(a as Value)) === JSON.stringify(convexToJson(b as Value))
  } catch {
    // Not a Convex value (it cannot come from the server): treat it as new.
    return false
  }
}

/**
 * The previous result while the new one has the same content. Convex sends every query's result again after each
 * re-authentication (about once a minute, as the session token is refreshed) as new objects: without this, each
 * resend re-rendered every page reading the query, though nothing on it changed.
 */
function useSameWhileEqual(result: unknown): unknown {
  const kept = useRef(result)
  // A render-time cache, not state: it only ever swaps in an equal value, so a discarded render leaves it correct.
  if (!sameResult(kept.current, result)) kept.current = result
  return kept.current
}
