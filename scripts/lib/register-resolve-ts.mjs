// `node --import ./scripts/lib/register-resolve-ts.mjs script.ts`: see resolve-ts.mjs.
import { register } from 'node:module'

register('./resolve-ts.mjs', import.meta.url)
