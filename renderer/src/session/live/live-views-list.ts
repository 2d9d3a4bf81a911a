// The live half of every page that has one, bundled with the connected app (session/live/ConnectedApp.tsx) and handed to the pages
// through features/live-views.tsx.
import type { LiveViews } from '../../features/live-views'
import { LiveDevices } from '../../features/devices/live/LiveDevices'
import { LiveProfile } from '../../features/profile/live/LiveProfile'

export const LIVE_VIEWS: LiveViews = { profile: LiveProfile, devices: LiveDevices }
