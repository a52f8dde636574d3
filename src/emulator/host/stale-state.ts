/**
 * A persisted demo tenant made by an older sentinel lacks what a newer demo seeds (a grant the
 * sentinel agent now needs, an object a command reads): its commands then fail closed with a
 * permission error that does not say why. Said once, when the emulator starts on such a state; the
 * state itself is the user's and is never replaced without `sentinel emulator reset`.
 */
import type {EmulatorState} from '../state/model.js'
import {DEMO, DEMO_SEED_REVISION} from '../seed/demo.js'

export function staleStateNote(state: EmulatorState, dir: string): string | undefined {
  if (state.tenantId !== DEMO.tenantId) return undefined
  const revision = state.seedRevision ?? 0
  if (revision >= DEMO_SEED_REVISION) return undefined
  return `the emulator's state in ${dir} was seeded by an older sentinel (demo revision ${revision}, this one seeds ${DEMO_SEED_REVISION}): grants and objects the current demo has may be missing. Run "sentinel emulator reset" to start from the current demo tenant (it replaces that state).`
}
