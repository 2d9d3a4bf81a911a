import { useQueries, type RequestForQueries } from 'convex/react'
import type { FunctionArgs, FunctionReference, FunctionReturnType } from 'convex/server'
import { getFunctionName } from 'convex/server'
import { convexToJson, type Value } from 'convex/values'
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
  const result = argsKey === 'skip' ? undefined : results.result
  const stable = useSameWhileEqual(result)
  return useMemo((): QueryState<FunctionReturnType<Query>> => {
    if (stable === undefined) return { status: 'loading' }
    if (stable instanceof Error) return { status: 'error', error: stable }
    return { status: 'ok', data: stable as FunctionReturnType<Query> }
  }, [stable])
}

/**
 * What a result's content is, for comparing: its JSON form (a Convex value is exactly that). An error, or
 * anything that is not a Convex value (it cannot come from the server), is compared as the object itself.
 */
function contentOf(result: unknown): unknown {
  if (result === undefined) return undefined
  if (result instanceof Error) return result
  try {
    return JSON.stringify(convexToJson(result as Value))
  } catch {
    return result
  }
}

/**
 * The first result seen with this content. Convex sends every query's result again after each re-authentication
 * (about once a minute, as the session token is refreshed) as new objects: without this, each resend re-rendered
 * every page reading the query, though nothing on it changed.
 */
function useSameWhileEqual(result: unknown): unknown {
  const content = contentOf(result)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the content, not on the object
  return useMemo(() => result, [content])
}
