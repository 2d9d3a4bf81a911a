// Reading a V8 heap snapshot (the JSON that `HeapProfiler.takeHeapSnapshot` streams) for the idle-heap figure of
// `npm run bench:live-data`: the split into compiled code and data, and, for the compiled code, which function
// of which script holds it and how far V8 has compiled that function. Two snapshots of one window, compared,
// say which functions V8 compiled further between them: a function an idle timer or a token refresh keeps
// calling gets feedback, then baseline (Sparkplug) code, then optimised (Maglev/TurboFan) code, each a little
// more heap, and then stops growing.
//
// Node ids are not comparable between the two snapshots (the rig takes each through its own CDP session, and V8's
// id map goes with it), so functions are matched by script and by their slot in the script's function list (V8's
// function literal id: the same function has the same slot in every snapshot of one page load).

/** The parts of the snapshot JSON read here. */
export interface HeapSnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[]
      node_types: [string[], ...unknown[]]
      edge_fields: string[]
      edge_types: [string[], ...unknown[]]
      location_fields?: string[]
    }
  }
  nodes: number[]
  edges: number[]
  strings: string[]
  /** Per closure, the fields `meta.location_fields` names (node offset, script, line, column...), flattened. */
  locations?: number[]
}

/**
 * The V8 heap by what holds it, from a heap snapshot's node types (self sizes, bytes). `code` is what the engine
 * compiles (bytecode, baseline and optimised machine code, feedback, function infos): it grows while V8 tiers
 * up the functions an idle app keeps calling (timers, token refreshes, re-renders), then levels off. `data` is
 * everything else in the V8 heap (objects, closures, arrays, strings, shapes): what our code and its libraries
 * keep, where a leak shows. Blink's own objects (`native`) are outside `Runtime.getHeapUsage` and left out.
 */
export interface HeapParts {
  code: number
  data: number
}

/** How far V8 has compiled a function: only parsed, bytecode, bytecode with feedback, baseline, optimised. */
export type Tier = 'lazy' | 'bytecode' | 'feedback' | 'baseline' | 'optimised'
const TIER_ORDER: Tier[] = ['lazy', 'bytecode', 'feedback', 'baseline', 'optimised']

export interface CompiledFunction {
  /** The script's URL, or `(no URL: <how its source begins>)` (the preload, an evaluated script). */
  script: string
  name: string
  /** `line:column` (zero-based) of the function in its script, from a closure of it; '' when it has none. */
  position: string
  /** The function's slot in its script's function list (V8's function literal id); -1 when not listed. */
  literal: number
  tier: Tier
  /** Self sizes of the code-type nodes this function holds (bytecode, machine code, feedback, handlers...). */
  bytes: number
}

export interface CompiledCode {
  functions: CompiledFunction[]
  /** Code-type bytes no function holds (builtins, regexp code, shared V8 tables). */
  unattributed: number
}

const SFI = 'system / SharedFunctionInfo'

class Graph {
  readonly count: number
  private readonly nodeFields: number
  private readonly edgeFields: number
  private readonly firstEdge: Uint32Array
  private readonly nodeTypes: string[]
  private readonly edgeTypes: string[]
  private readonly offsets: Record<'type' | 'name' | 'size' | 'edges', number>
  private readonly edgeOffsets: Record<'type' | 'name' | 'to', number>
  private retainerIndex: { first: Uint32Array; list: Uint32Array } | null = null
  private readonly json: HeapSnapshotJson

  constructor(json: HeapSnapshotJson) {
    this.json = json
    const meta = json.snapshot.meta
    this.nodeFields = meta.node_fields.length
    this.edgeFields = meta.edge_fields.length
    this.nodeTypes = meta.node_types[0]
    this.edgeTypes = meta.edge_types[0]
    this.offsets = {
      type: meta.node_fields.indexOf('type'),
      name: meta.node_fields.indexOf('name'),
      size: meta.node_fields.indexOf('self_size'),
      edges: meta.node_fields.indexOf('edge_count'),
    }
    this.edgeOffsets = {
      type: meta.edge_fields.indexOf('type'),
      name: meta.edge_fields.indexOf('name_or_index'),
      to: meta.edge_fields.indexOf('to_node'),
    }
    this.count = json.nodes.length / this.nodeFields
    this.firstEdge = new Uint32Array(this.count + 1)
    for (let node = 0, edge = 0; node < this.count; node++) {
      this.firstEdge[node] = edge
      edge += json.nodes[node * this.nodeFields + this.offsets.edges]! * this.edgeFields
    }
    this.firstEdge[this.count] = json.edges.length
  }

  type(node: number): string {
    return this.nodeTypes[this.json.nodes[node * this.nodeFields + this.offsets.type]!]!
  }
  name(node: number): string {
    return this.json.strings[this.json.nodes[node * this.nodeFields + this.offsets.name]!]!
  }
  size(node: number): number {
    return this.json.nodes[node * this.nodeFields + this.offsets.size]!
  }

  /** Outgoing edges as [edge type, edge name (null for element and hidden edges), target node]; a weak edge of an
   *  array is named by its index. */
  *edges(node: number): Generator<[string, string | null, number]> {
    const { edges, strings } = this.json
    for (let edge = this.firstEdge[node]!; edge < this.firstEdge[node + 1]!; edge += this.edgeFields) {
      const type = this.edgeTypes[edges[edge + this.edgeOffsets.type]!]!
      const named = type !== 'element' && type !== 'hidden'
      yield [
        type,
        named ? strings[edges[edge + this.edgeOffsets.name]!]! : null,
        edges[edge + this.edgeOffsets.to]! / this.nodeFields,
      ]
    }
  }

  /** Closure node -> `line:column`, from the snapshot's locations. */
  closurePositions(): Map<number, string> {
    const positions = new Map<number, string>()
    const locations = this.json.locations ?? []
    const fields = this.json.snapshot.meta.location_fields ?? []
    const [node, line, column] = ['object_index', 'line', 'column'].map((field) => fields.indexOf(field))
    if (node! < 0 || line! < 0 || column! < 0) return positions
    for (let index = 0; index + fields.length <= locations.length; index += fields.length) {
      positions.set(
        locations[index + node!]! / this.nodeFields,
        `${locations[index + line!]}:${locations[index + column!]}`,
      )
    }
    return positions
  }

  target(node: number, edgeName: string): number {
    for (const [, name, to] of this.edges(node)) if (name === edgeName) return to
    return -1
  }

  /** Strong retainers (weak edges left out: they keep nothing alive). */
  *retainers(node: number): Generator<number> {
    if (!this.retainerIndex) {
      const counts = new Uint32Array(this.count + 1)
      for (let from = 0; from < this.count; from++)
        for (const [type, , to] of this.edges(from)) if (type !== 'weak') counts[to]!++
      const first = new Uint32Array(this.count + 1)
      for (let node = 0; node < this.count; node++) first[node + 1] = first[node]! + counts[node]!
      const fill = first.slice()
      const list = new Uint32Array(first[this.count]!)
      for (let from = 0; from < this.count; from++)
        for (const [type, , to] of this.edges(from)) if (type !== 'weak') list[fill[to]!++] = from
      this.retainerIndex = { first, list }
    }
    const { first, list } = this.retainerIndex
    for (let index = first[node]!; index < first[node + 1]!; index++) yield list[index]!
  }
}

export function parseHeapSnapshot(text: string): Graph {
  return new Graph(JSON.parse(text) as HeapSnapshotJson)
}

export type HeapGraph = Graph

export function heapParts(graph: Graph): HeapParts {
  const parts: HeapParts = { code: 0, data: 0 }
  for (let node = 0; node < graph.count; node++) {
    const type = graph.type(node)
    if (type === 'code') parts.code += graph.size(node)
    else if (type !== 'native' && type !== 'synthetic') parts.data += graph.size(node)
  }
  return parts
}

const isSfi = (graph: Graph, node: number) => graph.name(node).startsWith(SFI)

/**
 * The function a code-type node belongs to: the one function its strong retainers lead to, through V8's own
 * structures, where a function is a function info, a closure (its `shared`) or a feedback vector (the function
 * info it points back to). -1 when none is near, or when several are: a scope description that the functions of a
 * scope share is nobody's, so it cannot move from one function to another between two snapshots.
 */
function ownerOf(graph: Graph, node: number, sfiOfVector: Map<number, number>): number {
  let frontier = [node]
  const seen = new Set(frontier)
  let owner = -1
  const found = (sfi: number) => {
    if (owner === -1) owner = sfi
    return owner === sfi
  }
  for (let depth = 0; depth < 6 && frontier.length > 0; depth++) {
    const next: number[] = []
    for (const current of frontier) {
      for (const retainer of graph.retainers(current)) {
        if (seen.has(retainer)) continue
        seen.add(retainer)
        const type = graph.type(retainer)
        const sfi = isSfi(graph, retainer)
          ? retainer
          : type === 'closure'
            ? graph.target(retainer, 'shared')
            : (sfiOfVector.get(retainer) ?? -1)
        if (sfi >= 0) {
          if (!found(sfi)) return -1
          continue
        }
        // Up through V8's own structures only; an object or a script is not a function's code.
        if (type === 'code' && !graph.name(retainer).startsWith('system / Script')) next.push(retainer)
      }
    }
    // The nearest level with a function decides.
    if (owner >= 0) return owner
    frontier = next
  }
  return owner
}

/** A script's URL; a script without one (the preload, what a test harness evaluates) by how its source begins,
 *  so that two of them are not taken for one. */
function scriptName(graph: Graph, script: number): string {
  const url = graph.name(script).replace(/^system \/ Script( \/ )?/, '')
  if (url) return url
  const source = graph.target(script, 'source')
  const start = source >= 0 ? graph.name(source).replace(/\s+/g, ' ').slice(0, 40) : ''
  return `(no URL: ${start})`
}

export function compiledCode(graph: Graph): CompiledCode {
  const sfis: number[] = []
  const sfiOfVector = new Map<number, number>()
  const optimised = new Set<number>()
  for (let node = 0; node < graph.count; node++) {
    const name = graph.name(node)
    if (graph.type(node) === 'code' && name.startsWith(SFI)) sfis.push(node)
    else if (name === 'system / FeedbackVector') {
      for (const [, , to] of graph.edges(node)) {
        if (isSfi(graph, to)) {
          sfiOfVector.set(node, to)
          break
        }
      }
    } else if (graph.type(node) === 'closure') {
      const code = graph.target(node, 'code')
      if (code >= 0 && graph.target(code, 'deoptimization_data') >= 0) {
        const shared = graph.target(node, 'shared')
        if (shared >= 0) optimised.add(shared)
      }
    }
  }
  const withFeedback = new Set(sfiOfVector.values())
  const literalOf = new Map<number, number>()
  for (let node = 0; node < graph.count; node++) {
    if (graph.type(node) !== 'code' || !graph.name(node).startsWith('system / Script')) continue
    const infos = graph.target(node, 'infos')
    if (infos < 0) continue
    for (const [, name, to] of graph.edges(infos)) {
      if (name !== null && isSfi(graph, to)) literalOf.set(to, Number(name))
    }
  }
  const positionOf = new Map<number, string>()
  for (const [closure, position] of graph.closurePositions()) {
    const shared = graph.target(closure, 'shared')
    if (shared >= 0) positionOf.set(shared, position)
  }
  const bytes = new Map<number, number>(sfis.map((sfi) => [sfi, graph.size(sfi)]))
  let unattributed = 0
  for (let node = 0; node < graph.count; node++) {
    if (graph.type(node) !== 'code' || isSfi(graph, node)) continue
    const owner = ownerOf(graph, node, sfiOfVector)
    if (owner >= 0 && bytes.has(owner)) bytes.set(owner, bytes.get(owner)! + graph.size(node))
    else unattributed += graph.size(node)
  }
  const functions = sfis.map((sfi): CompiledFunction => {
    const script = graph.target(sfi, 'script')
    const data = graph.target(sfi, 'trusted_function_data')
    const dataName = data >= 0 ? graph.name(data) : ''
    const tier: Tier = optimised.has(sfi)
      ? 'optimised'
      : dataName === 'system / Code' && graph.target(data, 'interpreter_data') >= 0
        ? 'baseline'
        : dataName === 'system / BytecodeArray' || dataName === 'system / Code'
          ? withFeedback.has(sfi)
            ? 'feedback'
            : 'bytecode'
          : 'lazy'
    return {
      script: script >= 0 ? scriptName(graph, script) : '',
      name: graph.name(sfi).slice(SFI.length).replace(/^ \/ /, '') || '(anonymous)',
      position: positionOf.get(sfi) ?? '',
      literal: literalOf.get(sfi) ?? -1,
      tier,
      bytes: bytes.get(sfi)!,
    }
  })
  return { functions, unattributed }
}

export interface ScriptGrowth {
  script: string
  /** Code bytes after minus before. */
  bytes: number
  /** Functions compiled further between the two snapshots, by the tier they reached. */
  tieredUp: Partial<Record<Tier, number>>
  /** The functions that grew most, largest first. */
  top: Array<{ name: string; position: string; from: Tier; to: Tier; bytes: number }>
}

const keyOf = (fn: CompiledFunction, nth: number) =>
  fn.literal >= 0 ? `${fn.script}\n#${fn.literal}` : `${fn.script}\n${fn.name}\n${fn.position}\n${nth}`

function keyed(code: CompiledCode): Map<string, CompiledFunction> {
  const seen = new Map<string, number>()
  const byKey = new Map<string, CompiledFunction>()
  // Outside a script's list (rare), same-named functions of one script are told apart by their order.
  for (const fn of code.functions) {
    const base = keyOf(fn, 0)
    const nth = seen.get(base) ?? 0
    seen.set(base, nth + 1)
    byKey.set(keyOf(fn, nth), fn)
  }
  return byKey
}

/** Where compiled code grew between two snapshots of one window, by script, largest growth first. */
export function compiledGrowth(before: CompiledCode, after: CompiledCode, topCount = 5): ScriptGrowth[] {
  const was = keyed(before)
  const scripts = new Map<string, ScriptGrowth>()
  const growthOf = (script: string) => {
    let growth = scripts.get(script)
    if (!growth) scripts.set(script, (growth = { script, bytes: 0, tieredUp: {}, top: [] }))
    return growth
  }
  const now = keyed(after)
  for (const [key, fn] of now) {
    const old = was.get(key)
    const growth = growthOf(fn.script)
    const from = old?.tier ?? 'lazy'
    growth.bytes += fn.bytes - (old?.bytes ?? 0)
    if (TIER_ORDER.indexOf(fn.tier) > TIER_ORDER.indexOf(from)) {
      growth.tieredUp[fn.tier] = (growth.tieredUp[fn.tier] ?? 0) + 1
    }
    if (fn.bytes > (old?.bytes ?? 0)) {
      growth.top.push({
        name: fn.name,
        position: fn.position,
        from,
        to: fn.tier,
        bytes: fn.bytes - (old?.bytes ?? 0),
      })
    }
  }
  for (const [key, fn] of was) if (!now.has(key)) growthOf(fn.script).bytes -= fn.bytes
  const result = [...scripts.values()]
  for (const growth of result) growth.top = growth.top.sort((a, b) => b.bytes - a.bytes).slice(0, topCount)
  return result.sort((a, b) => b.bytes - a.bytes)
}
