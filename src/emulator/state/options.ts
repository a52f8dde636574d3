/** The emulator's defaults for the readings Microsoft has not confirmed, and paging. */
import type {EmulatorOptions} from './model.js'

export const DEFAULT_OPTIONS: EmulatorOptions = {
  blockError: 'invalid_grant',
  agentAppIdEqualsObjectId: true,
  includeFilterMissingAttribute: 'not-matched',
  pageSize: 100,
  // sidecarAllowOverrides is left out: the AgentID sidecar's own default since 1.1 is false. The demo seed and a
  // deployment made through the emulator (the a365 stand-in's) set it, as deploy/ sets it on the sidecar container.
}

/** The clock of a deterministic emulator (tests, `--deterministic`). */
export const DETERMINISTIC_NOW = '2026-11-29T10:00:00.000Z'
