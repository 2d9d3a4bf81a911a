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
