// The lucide icons the first frame paints (the sidebar's pages, the sidebar toggle, the syncing status), as
// lucide-react renders them. The data is lucide's own (`lucide-react/icons/<name>`'s `__iconData.node`), copied
// because the main process must not bundle React to draw six icons; `first-frame-icons.test.ts` compares every
// entry with the installed lucide-react, and renderer/src/shell/first-frame.test.tsx compares the whole frame,
// icons included, with the shell React renders, so an icon swap or a lucide update that moves a path fails there.

export type IconNode = Array<[tag: string, attributes: Record<string, string>]>

export interface FrameIcon {
  /** lucide's name and aliases: lucide-react puts `lucide lucide-<name> lucide-<alias>` in the class. */
  names: string[]
  node: IconNode
}

export const FIRST_FRAME_ICONS = {
  UserRound: {
    names: ['user-round', 'user-2'],
    node: [
      ['circle', { cx: '12', cy: '8', r: '5' }],
      ['path', { d: 'M20 21a8 8 0 0 0-16 0' }],
    ],
  },
  MonitorSmartphone: {
    names: ['monitor-smartphone'],
    node: [
      ['path', { d: 'M10 14v4' }],
      ['path', { d: 'M18 5a2 2 0 00-2-2H4a2 2 0 00-2 2v7a2 2 0 002 2h7' }],
      ['path', { d: 'M7 18h4' }],
      ['rect', { x: '15', y: '9', width: '7', height: '12', rx: '2' }],
    ],
  },
  Settings: {
    names: ['settings'],
    node: [
      [
        'path',
        {
          d: 'M9.671 4.136a2.34 2.34 0 0 1 4.659 0 2.34 2.34 0 0 0 3.319 1.915 2.34 2.34 0 0 1 2.33 4.033 2.34 2.34 0 0 0 0 3.831 2.34 2.34 0 0 1-2.33 4.033 2.34 2.34 0 0 0-3.319 1.915 2.34 2.34 0 0 1-4.659 0 2.34 2.34 0 0 0-3.32-1.915 2.34 2.34 0 0 1-2.33-4.033 2.34 2.34 0 0 0 0-3.831A2.34 2.34 0 0 1 6.35 6.051a2.34 2.34 0 0 0 3.319-1.915',
        },
      ],
      ['circle', { cx: '12', cy: '12', r: '3' }],
    ],
  },
  PanelLeftClose: {
    names: ['panel-left-close', 'sidebar-close'],
    node: [
      ['rect', { width: '18', height: '18', x: '3', y: '3', rx: '2' }],
      ['path', { d: 'M9 3v18' }],
      ['path', { d: 'm16 15-3-3 3-3' }],
    ],
  },
  PanelLeftOpen: {
    names: ['panel-left-open', 'sidebar-open'],
    node: [
      ['rect', { width: '18', height: '18', x: '3', y: '3', rx: '2' }],
      ['path', { d: 'M9 3v18' }],
      ['path', { d: 'm14 9 3 3-3 3' }],
    ],
  },
  RefreshCw: {
    names: ['refresh-cw'],
    node: [
      ['path', { d: 'M3 12a9 9 0 0 1 9-9 9.75 9.75 0 0 1 6.74 2.74L21 8' }],
      ['path', { d: 'M21 3v5h-5' }],
      ['path', { d: 'M21 12a9 9 0 0 1-9 9 9.75 9.75 0 0 1-6.74-2.74L3 16' }],
      ['path', { d: 'M8 16H3v5' }],
    ],
  },
} satisfies Record<string, FrameIcon>

/** The SVG lucide-react renders for `<Icon size strokeWidth className aria-hidden="true" focusable="false" />`.
 * The values are constants of this file (no user data), so nothing here needs escaping. */
export function iconMarkup(
  icon: FrameIcon,
  options: { size: number; strokeWidth: number; className?: string },
): string {
  const classes = ['lucide', ...icon.names.map((name) => `lucide-${name}`)]
  if (options.className) classes.push(options.className)
  const children = icon.node
    .map(([tag, attributes]) => {
      const list = Object.entries(attributes)
        .map(([name, value]) => ` ${name}="${value}"`)
        .join('')
      return `<${tag}${list}></${tag}>`
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${options.size}" height="${options.size}" viewBox="0 0 24 24"` +
    ` fill="none" stroke="currentColor" stroke-width="${options.strokeWidth}" stroke-linecap="round"` +
    ` stroke-linejoin="round" class="${classes.join(' ')}" aria-hidden="true" focusable="false">${children}</svg>`
  )
}
