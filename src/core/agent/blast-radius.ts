/** The blast radius of enforcing a policy: which agent identities it would block (pure: the type and its line). */
export type BlastRadius =
  | {
      known: true
      /** How many agent identities the tenant has, and how many were evaluated. */
      total: number
      evaluated: number
      blocked: Array<{id: string; appId: string; displayName: string}>
    }
  | {known: false; reason: string}

/** The line the confirmation shows: how many agents it blocks, up to ten named. */
export function blastRadiusLine(radius: BlastRadius, enforced: boolean): string {
  const when = enforced ? 'would block now' : 'would block once enforced'
  if (!radius.known) return `blast radius unknown (${radius.reason})`
  const named = radius.blocked.slice(0, 10).map((a) => `${a.displayName} (${a.appId})`)
  const more = radius.blocked.length > 10 ? `, and ${radius.blocked.length - 10} more` : ''
  const partial = radius.evaluated < radius.total ? ` (the first ${radius.evaluated} of ${radius.total} evaluated)` : ''
  return radius.blocked.length === 0
    ? `${when} no agent identity of the ${radius.total}${partial}`
    : `${when} ${radius.blocked.length} of ${radius.total} agent identities${partial}: ${named.join(', ')}${more}`
}
