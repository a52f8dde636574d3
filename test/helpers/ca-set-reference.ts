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
import {applies, CONTROL_SETS, refuses, session, type Dim} from './ca-reference.js'
import {universe, type SignIn} from './ca-universe.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SetPolicy {
  id: string
  policy: Json
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

export function setVerdict(before: SetPolicy[], after: SetPolicy[], dims: Dim[]): SetVerdict {
  const b = sideOf(before)
  const a = sideOf(after)
  const afterById = new Map(after.map((p) => [p.id, p]))
  const beforeById = new Map(before.map((p) => [p.id, p]))
  const changed = (id: string) =>
    JSON.stringify(beforeById.get(id)?.policy) !== JSON.stringify(afterById.get(id)?.policy)
  const controls = [...new Set([...b.levels, ...a.levels].flatMap((l) => Object.keys(l)))]
  const exposed = new Set<string>()
  let any = false
  for (const s of universe(dims)) {
    const onB = before.flatMap((p, i) => (b.enforced[i] && applies(p.policy, s) ? [i] : []))
    const onA = after.flatMap((p, i) => (a.enforced[i] && applies(p.policy, s) ? [i] : []))
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
    relaxed(s, {after, a, onA, b, onB, blockedA, changed}, exposed)
  }
  return {any, exposed}
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
