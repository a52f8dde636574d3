/** The emulator's defaults for the readings Microsoft has not confirmed, and paging. */
import type {EmulatorOptions} from './model.js'

export const DEFAULT_OPTIONS: EmulatorOptions = {
  blockError: 'invalid_grant',
  agentAppIdEqualsObjectId: true,
  includeFilterMissingAttribute: 'not-matched',
  pageSize: 100,
  // As this project's deploy files configure the sidecar: overrides allowed on that route.
  sidecarAllowOverrides: true,
}
