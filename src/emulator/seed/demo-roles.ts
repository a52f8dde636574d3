/**
 * Who holds the admin roles the demo's policies include: the admin and the break-glass accounts
 * actively (Global Administrator), an internal user eligible through PIM (Security Administrator).
 */
import type {EmulatorState} from '../state/model.js'
import {stableGuid} from '../state/ids.js'
import {CREATED} from './demo-clients.js'
import {demoUserId} from './demo-specs.js'

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10'
const SECURITY_ADMINISTRATOR = '194ae4cb-b126-40b2-bd5b-6091b380977d'

const assignment = (name: string, role: string) => ({
  id: stableGuid(`role-assignment:${name}:${role}`),
  principalId: demoUserId(name),
  roleDefinitionId: role,
  directoryScopeId: '/',
  appScopeId: null,
})

export function demoRoleHolders(): Pick<EmulatorState, 'roleAssignments' | 'roleEligibilities'> {
  return {
    roleAssignments: [
      assignment('alex.admin', GLOBAL_ADMINISTRATOR),
      assignment('breakglass-01', GLOBAL_ADMINISTRATOR),
      assignment('breakglass-02', GLOBAL_ADMINISTRATOR),
    ],
    roleEligibilities: [
      {
        ...assignment('ines.internal', SECURITY_ADMINISTRATOR),
        startDateTime: CREATED,
        endDateTime: null,
        memberType: 'Direct',
        roleEligibilityScheduleId: stableGuid('role-eligibility:ines.internal'),
      },
    ],
  }
}
