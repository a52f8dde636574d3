/** What a Microsoft Graph sign-in row says (pure): its error code, and which Conditional Access policies failed it. */

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase()

/** status.errorCode as a number (Graph sends an integer; a numeric string is read the same); undefined when absent. */
export function signInErrorCode(signIn: Record<string, unknown>): number | undefined {
  const status = signIn['status'] as Record<string, unknown> | undefined
  const code = status?.['errorCode']
  return typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined
}

function appliedPolicies(signIn: Record<string, unknown>): Record<string, unknown>[] {
  const applied = signIn['appliedConditionalAccessPolicies']
  return Array.isArray(applied) ? (applied as Record<string, unknown>[]) : []
}

/** One policy's result on the sign-in (success, failure, notApplied, ...), undefined when it is not listed. */
export function policyResultOf(signIn: Record<string, unknown>, policyId: string): string | undefined {
  const row = appliedPolicies(signIn).find((p) => same(p['id'], policyId))
  return typeof row?.['result'] === 'string' ? row['result'] : undefined
}

/** The policies whose result is failure: those that blocked the sign-in (by display name, else id). */
export function failingPolicies(signIn: Record<string, unknown>): Array<{id: string; displayName: string}> {
  return appliedPolicies(signIn)
    .filter((p) => p['result'] === 'failure')
    .map((p) => {
      const id = typeof p['id'] === 'string' ? p['id'] : ''
      return {id, displayName: typeof p['displayName'] === 'string' && p['displayName'] ? p['displayName'] : id}
    })
}

/** Every policy Graph lists on the sign-in with its result (empty for a caller without a Conditional Access read role). */
export function appliedPolicyResults(
  signIn: Record<string, unknown>,
): Array<{id: string; displayName: string; result: string}> {
  return appliedPolicies(signIn).map((p) => ({
    id: typeof p['id'] === 'string' ? p['id'] : '',
    displayName: String(p['displayName']),
    result: String(p['result']),
  }))
}
