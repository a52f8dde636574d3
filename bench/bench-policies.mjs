// The 195-policy tenant the speed benches judge (bench/run.mjs, bench/exposure.mjs): random ids, no network.
import {randomUUID} from 'node:crypto'

/** A raw Graph beta export, with the annotations and nulls a real one carries (Graph writes GUIDs lower-case). */
export function tenant(POLICIES = 195, GUIDS = 5000) {
  const perPolicy = Math.ceil(GUIDS / POLICIES)
  const lists = ['excludeUsers', 'excludeGroups', 'includeGroups', 'excludeRoles']
  return Array.from({length: POLICIES}, (_, i) => {
    const users = {
      '@odata.type': '#microsoft.graph.conditionalAccessUsers',
      includeUsers: i % 3 === 0 ? ['All'] : [],
      excludeUsers: [],
      includeGroups: [],
      excludeGroups: [],
      excludeRoles: [],
    }
    for (let g = 0; g < perPolicy; g++) users[lists[g % lists.length]].push(randomUUID())
    for (const key of lists) users[`${key}@odata.type`] = '#Collection(String)'
    return {
      '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
      id: randomUUID(),
      templateId: null,
      displayName: `CA${String(i).padStart(3, '0')}-Bench-Policy`,
      createdDateTime: '2026-01-01T00:00:00Z',
      modifiedDateTime: null,
      'state@odata.type': '#microsoft.graph.conditionalAccessPolicyState',
      state: 'enabled',
      sessionControls: null,
      conditions: {
        clientAppTypes: ['all'],
        userRiskLevels: [],
        signInRiskLevels: [],
        agentIdRiskLevels: i % 10 === 0 ? 'medium,high' : null,
        applications: {includeApplications: ['All'], excludeApplications: [], includeUserActions: []},
        users,
        locations: i % 4 === 0 ? {includeLocations: ['All'], excludeLocations: ['AllTrusted']} : null,
        platforms: null,
      },
      grantControls: {operator: 'OR', builtInControls: [i % 5 === 0 ? 'block' : 'mfa'], authenticationStrength: null},
      '#microsoft.graph.restore': {title: 'microsoft.graph.restore', target: 'https://graph.example.invalid/restore'},
    }
  })
}

export function mutate(policies, MUTATIONS = 50) {
  const copy = structuredClone(policies)
  for (let m = 0; m < MUTATIONS; m++) {
    const p = copy[(m * 7) % copy.length]
    switch (m % 5) {
      case 0:
        p.conditions.users.excludeGroups.push(randomUUID())
        break
      case 1:
        p.state = 'enabledForReportingButNotEnforced'
        break
      case 2:
        p.displayName += '-renamed'
        break
      case 3:
        p.grantControls.builtInControls = []
        break
      case 4:
        p.conditions.users.excludeUsers.pop()
        break
    }
  }
  return copy
}
