// The directory objects the tenant benches seed their emulated tenant with (random ids, loopback only).
import {randomUUID} from 'node:crypto'

/** `count` users named `<prefix> <i>`. */
export function benchUsers(count, prefix = 'user') {
  return Array.from({length: count}, (_, i) => ({
    '@odata.type': '#microsoft.graph.user',
    id: randomUUID(),
    displayName: `${prefix} ${i}`,
    userPrincipalName: `${prefix.replace(/\W/g, '')}${i}@contoso-emulator.onmicrosoft.com`,
  }))
}

/** `count` security groups named `<prefix> <i>`, each holding what `members(i)` gives (direct member ids). */
export function benchGroups(count, prefix = 'group', members = () => []) {
  return Array.from({length: count}, (_, i) => ({
    '@odata.type': '#microsoft.graph.group',
    id: randomUUID(),
    displayName: `${prefix} ${i}`,
    securityEnabled: true,
    mailEnabled: false,
    emulator: {members: members(i)},
  }))
}
