// The live half of every page that has one, bundled with the connected app (App.tsx) and handed to the pages
// through shell/live-views.tsx.
import type { LiveViews } from '../shell/live-views'
import { LiveDevices } from './devices/LiveDevices'
import { LiveProfile } from './profile/LiveProfile'

export const LIVE_VIEWS: LiveViews = { profile: LiveProfile, devices: LiveDevices }
