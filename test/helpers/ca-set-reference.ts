/**
 * The reference model of a whole policy set (Conditional Access is an AND over every enforced
 * policy), by brute force over the small universe: every sign-in, every set of met controls. Written
 * from ca-semantics.md like ca-reference.ts, never from the engine:
 *
 * - a side refuses a sign-in that met some controls when any enforced policy that applies refuses it;
 * - a side's session control for a sign-in is the strictest level the applying enforced policies set
 *   (Entra's default when none sets it); a blocked sign-in has no session;
 * - a sign-in needs less after the drift when the new side lets through a set of met controls the old
 *   side refused, or, not blocked, gets a looser session control.
 *
 * Per changed policy, what it asked that the new side no longer asks (the exposure the tool must name
 * it in): a set of met controls it refused for a sign-in it covered that no new policy refuses; a
 * session level it set that no new policy matches there; or, a new policy that relaxes a control, a
 * sign-in it covers whose control nothing new sets stricter and that the old side shaped stricter.
 */
import {applies, CONTROL_SETS, refuses, session, withMembers, type Dim, type RoleHold} from './ca-reference.js'
import {universe, type SignIn} from './ca-universe.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SetPolicy {
  id: string
  policy: Json
}

/** What became of a baseline policy on the live side. */
export type Fate = 'same' | 'changed' | 'removed' | 'reportOnly'

export const setPolicyId = (i: number) => `c0000000-0000-4000-8000-0000000000${String(10 + i)}`

/** Both sides of a drift from policy pairs (old, new) and what became of each: ids P0, P1, ... in order. */
export function sidesOf(kept: Array<[[Json, Json], Fate]>): {before: SetPolicy[]; after: SetPolicy[]} {
  const before: SetPolicy[] = []
  const after: SetPolicy[] = []
  kept.forEach(([[b, a], fate], i) => {
    const id = setPolicyId(i)
    const old = {...b, id, displayName: `P${i}`}
    before.push({id, policy: old})
    if (fate === 'same') after.push({id, policy: old})
    else if (fate === 'changed') after.push({id, policy: {...a, id, displayName: `P${i}`}})
    else if (fate === 'reportOnly') after.push({id, policy: {...old, state: 'enabledForReportingButNotEnforced'}})
  })
  return {before, after}
}

export interface SetVerdict {
  /** Some sign-in needs less after the drift. */
  any: boolean
  /** The changed policies whose asking is not kept by the new side (ids). */
  exposed: Set<string>
}

interface Side {
  /** For each policy, the indices of the met-control sets it refuses. */
  refused: boolean[][]
  levels: Array<Record<string, number>>
  enforced: boolean[]
}

function sideOf(policies: SetPolicy[]): Side {
  return {
    refused: policies.map((p) => CONTROL_SETS.map((met) => refuses(p.policy, met))),
    levels: policies.map((p) => session(p.policy)),
    enforced: policies.map((p) => p.policy.state === 'enabled'),
  }
}

const blocks = (p: Json) => (p.grantControls?.builtInControls ?? []).includes('block')

/** The strictest level the applying policies set for a control; 0 (the default) when none does. */
function effective(side: Side, on: number[], control: string): number {
  const set = on.map((i) => side.levels[i]![control]).filter((l): l is number => l !== undefined)
  return set.length === 0 ? 0 : Math.max(...set)
}

/** The roles a policy names (included or excluded). */
const rolesOf = (p: Json): string[] => [
  ...(p.conditions?.users?.includeRoles ?? []),
  ...(p.conditions?.users?.excludeRoles ?? []),
]

/** Directory role holds on each side, by role id (every holder listed). */
export interface RoleDrift {
  before: Record<string, RoleHold>
  after: Record<string, RoleHold>
}

const holdState = (h: RoleHold | undefined, user: string) =>
  h?.active.includes(user) ? 'active' : h?.eligible.includes(user) ? 'eligible' : 'none'

/**
 * The sign-ins of the universe as each side sees them. With role drift, a user whose hold on some
 * role changed is that one user: their roles on each side are the ones they hold there, active or
 * eligible and activated for the sign-in (every activation is tried; ca-reference.ts withMembers). A hold that did not change is
 * no part of the drift: everyone else keeps the universe's roles, the same on both sides.
 */
function signIns(dims: Dim[], roles: RoleDrift | undefined): Array<{before: SignIn; after: SignIn}> {
  const ids = roles ? [...new Set([...Object.keys(roles.before), ...Object.keys(roles.after)])] : []
  const moved = (user: string) =>
    ids.some((r) => holdState(roles!.before[r], user) !== holdState(roles!.after[r], user))
  const activations = ids.reduce<string[][]>((sets, r) => [...sets, ...sets.map((x) => [...x, r])], [[]])
  const out: Array<{before: SignIn; after: SignIn}> = []
  for (const s of universe(dims)) {
    const subject = s.subject
    if (!roles || subject.kind !== 'user' || !moved(subject.id)) {
      out.push({before: s, after: s})
      continue
    }
    if (subject.roles.length > 0) continue // the user's roles come from the holds
    for (const activated of activations)
      out.push({
        before: withMembers(s, {roles}, 'before', activated),
        after: withMembers(s, {roles}, 'after', activated),
      })
  }
  return out
}

/**
 * With `roles` (role holds per side), the users whose holds changed hold what they hold on each side
 * (signIns), and a policy whose JSON did not change but names a role whose holders did is changed
 * too: who it covers moved under it.
 */
export function setVerdict(before: SetPolicy[], after: SetPolicy[], dims: Dim[], roles?: RoleDrift): SetVerdict {
  const b = sideOf(before)
  const a = sideOf(after)
  const afterById = new Map(after.map((p) => [p.id, p]))
  const beforeById = new Map(before.map((p) => [p.id, p]))
  const holdsMoved = (p: Json | undefined) =>
    p !== undefined && rolesOf(p).some((r) => JSON.stringify(roles?.before[r]) !== JSON.stringify(roles?.after[r]))
  const changed = (id: string) =>
    JSON.stringify(beforeById.get(id)?.policy) !== JSON.stringify(afterById.get(id)?.policy) ||
    holdsMoved(beforeById.get(id)?.policy)
  const controls = [...new Set([...b.levels, ...a.levels].flatMap((l) => Object.keys(l)))]
  const exposed = new Set<string>()
  let any = false
  for (const {before: sb, after: sa} of signIns(dims, roles))
    any = signInVerdict({before, after, b, a, sb, sa, controls, changed}, exposed) || any
  return {any, exposed}
}

/** One sign-in (as each side sees its subject): whether it needs less after; the changed policies whose asking it loses go in `exposed`. */
function signInVerdict(
  ctx: {
    before: SetPolicy[]
    after: SetPolicy[]
    b: Side
    a: Side
    sb: SignIn
    sa: SignIn
    controls: string[]
    changed(id: string): boolean
  },
  exposed: Set<string>,
): boolean {
  const {before, after, b, a, controls, changed} = ctx
  let any = false
  const onB = before.flatMap((p, i) => (b.enforced[i] && applies(p.policy, ctx.sb) ? [i] : []))
  const onA = after.flatMap((p, i) => (a.enforced[i] && applies(p.policy, ctx.sa) ? [i] : []))
  const refusedA = CONTROL_SETS.map((_m, m) => onA.some((i) => a.refused[i]![m]))
  const blockedA = onA.some((i) => blocks(after[i]!.policy))
  any ||= CONTROL_SETS.some((_m, m) => onB.some((i) => b.refused[i]![m]) && !refusedA[m])
  for (const k of controls) if (!blockedA && effective(a, onA, k) < effective(b, onB, k)) any = true
  for (const i of onB) {
    const id = before[i]!.id
    if (!changed(id)) continue
    if (CONTROL_SETS.some((_m, m) => b.refused[i]![m] && !refusedA[m])) exposed.add(id)
    if (blocks(before[i]!.policy) || blockedA) continue
    for (const [k, level] of Object.entries(b.levels[i]!))
      if (level > 0 && effective(a, onA, k) < level) exposed.add(id)
  }
  relaxed(ctx.sa, {after, a, onA, b, onB, blockedA, changed}, exposed)
  return any
}

/** A changed new policy that relaxes a control (below the default) where nothing new is stricter and the old side was. */
function relaxed(
  _s: SignIn,
  ctx: {
    after: SetPolicy[]
    a: Side
    onA: number[]
    b: Side
    onB: number[]
    blockedA: boolean
    changed(id: string): boolean
  },
  exposed: Set<string>,
): void {
  if (ctx.blockedA) return
  for (const i of ctx.onA) {
    const p = ctx.after[i]!
    if (!ctx.changed(p.id) || blocks(p.policy)) continue
    for (const [k, level] of Object.entries(ctx.a.levels[i]!))
      if (level < 0 && effective(ctx.a, ctx.onA, k) === level && effective(ctx.b, ctx.onB, k) > level) exposed.add(p.id)
  }
}
