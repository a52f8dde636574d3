/** The empty tenant (`--seed empty`): the operator app and one admin (a sponsor for what is built), to build a tenant from scratch. */
import {stableGuid} from '../state/ids.js'
import type {EmulatorOptions, EmulatorState} from '../state/model.js'
import {DEFAULT_OPTIONS} from '../state/options.js'
import {app, DEMO, OPERATOR_ROLES, principal} from './demo-clients.js'

export function emptyState(options: EmulatorOptions = DEFAULT_OPTIONS): EmulatorState {
  return {
    schemaVersion: 1,
    tenantId: stableGuid('tenant:empty'),
    tenantDomain: 'empty-emulator.onmicrosoft.com',
    options,
    applications: [app(DEMO.operator.name, DEMO.operator.appId, DEMO.operator.secret, OPERATOR_ROLES)],
    servicePrincipals: [principal(DEMO.operator.name, DEMO.operator.appId, 'application')],
    users: [
      {
        '@odata.type': '#microsoft.graph.user',
        id: stableGuid('user:alex.admin'),
        displayName: 'alex.admin',
        userPrincipalName: 'alex.admin@empty-emulator.onmicrosoft.com',
      },
    ],
    groups: [],
    directoryRoles: [],
    policies: [],
    deletedPolicies: [],
    namedLocations: [],
    authenticationStrengthPolicies: [],
    attributeSets: [],
    customSecurityAttributeDefinitions: [],
    riskyAgents: [],
    agentRiskDetections: [],
    signIns: [],
    agentInstances: [],
    faults: [],
    rateLimitPerSecond: 0,
  }
}
