/**
 * The blast radius of enforcing CA-COV012 and CA-COV011 on a tenant that governs agents (the demo),
 * against an obviously correct reference written from what the policies mean (ca-semantics.md):
 * CA-COV012 blocks every agent identity whose approval (its own, else its blueprint principal's) is
 * not "yes"; CA-COV011 blocks every agent at medium or high agent risk. Random approvals and risks,
 * both directions (no agent missed, none named that is not blocked). Enforcing a policy that blocks
 * the sentinel itself is refused unless typed, and so is one whose radius could not be read.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {readPolicyTemplate, shippedTemplate} from '../../../dist/adapters/fs/policy-template-file.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import type {FaultRule} from '../../../dist/emulator/state/model.js'
import {authorPolicy} from '../../../dist/services/author-policy.js'
import {blastRadius} from '../../../dist/services/blast-radius.js'
import {testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'

const APPROVAL = (value: string) => ({
  AgentIdAttributes: {
    '@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue',
    AgentIdApprovedForUse: value,
  },
})
const AGENT = '#microsoft.graph.agentIdentity'
const PRINCIPAL = '#microsoft.graph.agentIdentityBlueprintPrincipal'

describe('the blast radius of enforcing an agent policy (demo tenant)', function () {
  this.timeout(120_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  before(async () => {
    emu = await testEmulator({seed: 'demo'})
    tenant = await operatorConnection(emu)
  })
  after(async () => {
    await tenant.close()
    await emu.cleanup()
  })
  afterEach(() => emu.setFaults([]))

  const template = async (policy: 'CA-COV012' | 'CA-COV011') => readPolicyTemplate(shippedTemplate(policy))

  it('names exactly the agents the reference blocks, for random approvals and risks (both directions)', async () => {
    const agents = emu.inspect().servicePrincipals.filter((sp) => sp['@odata.type'] === AGENT)
    const approval = fc.constantFrom<string | undefined>(undefined, 'yes', 'no')
    const risk = fc.constantFrom('none', 'low', 'medium', 'high')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(approval, risk), {minLength: agents.length, maxLength: agents.length}),
        approval,
        async (perAgent, blueprintApproval) => {
          emu.change((s) => {
            s.riskyAgents = []
            for (const sp of s.servicePrincipals) {
              if (sp['@odata.type'] === PRINCIPAL)
                sp.customSecurityAttributes = blueprintApproval === undefined ? null : APPROVAL(blueprintApproval)
              const i = agents.findIndex((a) => a.id === sp.id)
              if (i < 0) continue
              const [value, level] = perAgent[i]!
              sp.customSecurityAttributes = value === undefined ? null : APPROVAL(value)
              if (level !== 'none')
                s.riskyAgents.push({
                  '@odata.type': '#microsoft.graph.riskyAgentIdentity',
                  id: sp.id,
                  agentDisplayName: sp.displayName,
                  riskLevel: level,
                  riskState: 'atRisk',
                  riskDetail: 'none',
                })
            }
          })
          // The reference: what each policy means, from the state itself. The agent's own value wins over its blueprint's.
          const approved = (i: number) => (perAgent[i]![0] ?? blueprintApproval) === 'yes'
          const cov012 = agents.filter((_, i) => !approved(i)).map((a) => a.id)
          const cov011 = agents.filter((_, i) => ['medium', 'high'].includes(perAgent[i]![1])).map((a) => a.id)
          for (const [policy, expected] of [
            ['CA-COV012', cov012],
            ['CA-COV011', cov011],
          ] as const) {
            const radius = await blastRadius(tenant.agents, await template(policy))
            if (!radius.known) throw new Error(radius.reason)
            expect(radius.total).to.equal(agents.length)
            expect(radius.blocked.map((b) => b.id).sort(), policy).to.deep.equal([...expected].sort())
          }
        },
      ),
      {numRuns: 12},
    )
  })

  it('enforcing a policy that blocks the sentinel is refused unless typed; a radius that cannot be read refuses too', async () => {
    const sentinel = emu.inspect().servicePrincipals.find((sp) => sp.displayName === 'ca-sentinel-agent')!
    // Unapproved, and no approval on its blueprint principal either (the property test above leaves random ones).
    emu.change((s) => {
      s.policies = s.policies.filter((p) => !String(p['displayName']).startsWith('CA-COV012'))
      for (const sp of s.servicePrincipals)
        if (sp.id === sentinel.id || sp['@odata.type'] === PRINCIPAL) sp.customSecurityAttributes = null
    })
    const request = {
      policy: 'CA-COV012',
      template: await template('CA-COV012'),
      templateFile: shippedTemplate('CA-COV012'),
      mode: 'enabled' as const,
      now: new Date(),
    }
    const protect = {agents: [{id: sentinel.id, displayName: 'ca-sentinel-agent'}], allow: false}
    const confirm = async () => undefined
    const refused = await authorPolicy(tenant.agents, request, {dryRun: false, confirm, protect}).catch((e) => e)
    expect(refused).to.include({code: 'CONFLICT'})
    expect((refused as Error).message).to.match(
      /would block the sentinel itself: ca-sentinel-agent .*nothing was changed/,
    )
    expect(emu.inspect().policies.some((p) => String(p['displayName']).startsWith('CA-COV012'))).to.equal(false)

    // The attributes cannot be read: whether the sentinel is blocked is unknown, so enforcing is refused as well.
    emu.setFaults([{route: `GET /beta/servicePrincipals/${sentinel.id}`, status: 403} as FaultRule])
    const unknown = await authorPolicy(tenant.agents, request, {dryRun: false, confirm, protect}).catch((e) => e)
    expect(unknown).to.include({code: 'CONFLICT'})
    expect((unknown as Error).message).to.match(/whether it blocks the sentinel itself is unknown/)
    emu.setFaults([])

    const dry = await authorPolicy(tenant.agents, request, {dryRun: true, confirm, protect})
    expect(dry.blastRadius).to.deep.include({known: true})
    const typed = await authorPolicy(tenant.agents, request, {
      dryRun: false,
      confirm,
      protect: {...protect, allow: true},
    })
    expect(typed).to.include({applied: true, mode: 'enabled'})
  })
})
