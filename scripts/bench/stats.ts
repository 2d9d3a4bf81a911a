// Summaries for benchmark samples. Medians, because a shared CI machine produces the odd very slow run.

export interface Summary {
  runs: number
  median: number
  min: number
  max: number
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function summarize(values: readonly number[]): Summary {
  return { runs: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

export function formatMs(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`
}

export function formatSummary(summary: Summary): string {
  return `${formatMs(summary.median).padStart(9)}  (min ${formatMs(summary.min)}, max ${formatMs(summary.max)}, ${summary.runs} runs)`
}

export interface RatioSpread {
  /** Median of the app times over the median of the bare-page times: the headline number. */
  ofMedians: number
  /** Each app load over the bare-page load just before it (loads alternate), so drift hits both sides. */
  pairs: Summary
}

/**
 * Compares two series measured in alternation (bare, app, bare, app, ...). A pair counts only when both of its
 * loads produced a time; null marks a failed load.
 */
export function ratioSpread(
  bare: ReadonlyArray<number | null>,
  app: ReadonlyArray<number | null>,
): RatioSpread | null {
  if (bare.length !== app.length) throw new Error('the two series must alternate, one app load per bare load')
  const pairRatios: number[] = []
  bare.forEach((b, i) => {
    const a = app[i]
    if (b !== null && a !== null && a !== undefined && b > 0) pairRatios.push(a / b)
  })
  const bareOk = bare.filter((v): v is number => v !== null)
  const appOk = app.filter((v): v is number => v !== null)
  if (pairRatios.length === 0 || bareOk.length === 0 || appOk.length === 0) return null
  return { ofMedians: median(appOk) / median(bareOk), pairs: summarize(pairRatios) }
}

/** How many times each label occurs, in the order the labels first appear. */
export function tally(labels: Iterable<string>): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1)
  return [...counts]
}
