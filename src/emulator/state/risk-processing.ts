/**
 * ID Protection takes time to act on an admin's risk action (confirmCompromised, confirmSafe,
 * dismiss): the riskyAgent reads `isProcessing: true` with its earlier risk until the change is
 * processed, and Conditional Access sees the earlier risk until then (riskyAgent.isProcessing, CSDL-b;
 * how long it takes is UNCONFIRMED: 10 s of Azure time here, divided by the emulator's time scale).
 * A client must poll until the risk reads as set and no longer processing, never trust it at once.
 */
import type {Json} from './model.js'

/** Azure time an admin risk action takes to be processed (UNCONFIRMED). */
export const RISK_PROCESSING_MS = 10_000

/** The key the emulator keeps a risk action under until it is processed: never shown by Graph. */
export const PENDING = 'emulatorPendingRiskAction'

interface Pending {
  values: Json
  /** Epoch ms of the action. */
  at: number
}

/** Records the action's outcome on the riskyAgent, to take effect once processed (an earlier pending one settles first). */
export function queueRiskAction(risky: Json, values: Json, nowMs: number, timeScale: number): void {
  Object.assign(risky, settled(risky, nowMs, timeScale))
  const pending: Pending = {values, at: nowMs}
  risky[PENDING] = pending
}

/** The riskyAgent as ID Protection shows it at `nowMs`: the action's outcome once processed, else the earlier risk, processing. */
export function settled(risky: Json, nowMs: number, timeScale: number): Json {
  const pending = risky[PENDING] as Pending | undefined
  const {[PENDING]: _hidden, ...shown} = risky
  void _hidden
  if (!pending) return shown
  return nowMs >= pending.at + RISK_PROCESSING_MS / Math.max(1, timeScale)
    ? {...shown, ...pending.values, isProcessing: false}
    : {...shown, isProcessing: true}
}
