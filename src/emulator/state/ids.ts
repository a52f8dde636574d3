import {createHash} from 'node:crypto'

/** A fixed GUID derived from a name: the demo tenant is the same on every machine and run. */
export function stableGuid(name: string): string {
  const h = createHash('sha256').update(`sentinel-emulator:${name}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
