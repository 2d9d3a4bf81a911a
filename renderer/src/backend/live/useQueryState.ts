import { useQueries, type RequestForQueries } from 'convex/react'
import type { FunctionArgs, FunctionReference, FunctionReturnType } from 'convex/server'
import { getFunctionName } from 'convex/server'
import type { Value } from 'convex/values'
import { useMemo } from 'react'

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
  if (argsKey === 'skip') return { status: 'loading' }
  const result = results.result
  if (result === undefined) return { status: 'loading' }
  if (result instanceof Error) return { status: 'error', error: result }
  return { status: 'ok', data: result as FunctionReturnType<Query> }
}
