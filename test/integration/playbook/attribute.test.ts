/**
 * Playbook step 4 against the emulator, in process: the approval attribute, created when missing,
 * refused in another form, assigned, removed and read back, with --dry-run changing nothing. The
 * verdict "approved" is checked against what the emulated Entra does: the agent's token request
 * succeeds with CA-COV012 enforced exactly when the agent is approved.
 */
import {expect} from 'chai'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import {requireConsent} from '../../../dist/cli/change-flags.js'
import {APPROVAL} from '../../../dist/core/agent/approval.js'
import {assignApproval, removeApproval, showApproval} from '../../../dist/services/approval-attribute.js'
import {resolveAgent} from '../../../dist/services/resolve-agent.js'
import {agentAppId, DEMO, sidecarToken, testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'

const apply = {dryRun: false, confirm: async () => undefined}

describe('playbook step 4: the approval attribute', function () {
  this.timeout(20_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  before(async () => {
    emu = await testEmulator()
    tenant = await operatorConnection(emu)
  })
  after(async () => {
    await tenant.close()
    await emu.cleanup()
  })

  const agentNamed = (name: string) => resolveAgent(tenant.agents, agentAppId(emu, name))
  /** What Entra (emulated) decides: does the agent get a Graph token through the sidecar? */
  const gets = async (name: string) => (await sidecarToken(emu, agentAppId(emu, name))).status === 200

  it('creates the set and the definition when missing, assigns yes, reads it back; a second run changes nothing', async () => {
    emu.change((state) => {
      state.attributeSets = state.attributeSets.filter((s) => s['id'] !== APPROVAL.set)
      state.customSecurityAttributeDefinitions = state.customSecurityAttributeDefinitions.filter(
        (d) => d['attributeSet'] !== APPROVAL.set,
      )
    })
    const agent = await agentNamed(DEMO.agents.unapproved.name)
    expect(await gets(DEMO.agents.unapproved.name), 'blocked by CA-COV012 before').to.equal(false)

    const dry = await assignApproval(tenant.agents, agent, 'agent', {...apply, dryRun: true})
    expect(dry.applied).to.equal(false)
    expect(dry.changes.map((c) => c.action + ' ' + c.target.split(' on ')[0])).to.deep.equal([
      `create attribute set ${APPROVAL.set}`,
      `create attribute definition ${APPROVAL.id}`,
      `create ${APPROVAL.id}`,
    ])
    expect(
      emu.inspect().attributeSets.some((s) => s['id'] === APPROVAL.set),
      'a dry run changes nothing',
    ).to.equal(false)

    const done = await assignApproval(tenant.agents, agent, 'agent', apply)
    expect(done).to.include({applied: true, after: 'yes'})
    const definition = emu.inspect().customSecurityAttributeDefinitions.find((d) => d['id'] === APPROVAL.id)
    expect(definition).to.include({type: 'String', isCollection: false, status: 'Available'})
    expect(await gets(DEMO.agents.unapproved.name), 'approved: CA-COV012 no longer blocks it').to.equal(true)

    const again = await assignApproval(tenant.agents, agent, 'agent', apply)
    expect(again.changes).to.deep.equal([])
    expect(again.applied).to.equal(false)
  })

  it('remove withdraws the approval and CA-COV012 blocks the agent; show agrees with what Entra decides', async () => {
    const name = DEMO.agents.sentinel.name
    const agent = await agentNamed(name)
    const removed = await removeApproval(tenant.agents, agent, 'agent', apply)
    expect(removed).to.include({applied: true, before: 'yes'})
    expect(removed.after).to.equal(undefined)
    expect((await showApproval(tenant.agents, agent)).approved).to.equal(false)
    expect(await gets(name)).to.equal(false)
    await assignApproval(tenant.agents, agent, 'agent', apply)
    expect((await showApproval(tenant.agents, agent)).approved).to.equal(true)
    expect(await gets(name)).to.equal(true)
  })

  it('--on blueprint: the value on the blueprint principal approves the agents without their own value', async () => {
    const name = DEMO.agents.sentinel.name
    const agent = await agentNamed(name)
    await removeApproval(tenant.agents, agent, 'agent', apply)
    const onBlueprint = await assignApproval(tenant.agents, agent, 'blueprint', apply)
    expect(onBlueprint.holder.kind).to.equal('blueprint')
    const show = await showApproval(tenant.agents, agent)
    expect(show.agent.value).to.equal(undefined)
    expect(show.blueprintPrincipal?.value).to.equal('yes')
    expect(show.approved).to.equal(await gets(name))
    expect(show.approved).to.equal(true)
    await removeApproval(tenant.agents, agent, 'blueprint', apply)
    await assignApproval(tenant.agents, agent, 'agent', apply)
  })

  it('a definition that exists in another form is a CONFLICT that says how to fix it; nothing is changed', async () => {
    const agent = await agentNamed(DEMO.agents.unapproved.name)
    await removeApproval(tenant.agents, agent, 'agent', apply)
    emu.change((state) => {
      const d = state.customSecurityAttributeDefinitions.find((x) => x['id'] === APPROVAL.id)!
      d['isCollection'] = true
    })
    try {
      const error = await assignApproval(tenant.agents, agent, 'agent', apply).catch(
        (e: {code: string; message: string}) => e,
      )
      expect(error).to.include({code: 'CONFLICT'})
      expect((error as {message: string}).message).to.match(/multi-valued/)
      expect((error as unknown as {actions: string[]}).actions.join(' ')).to.match(/Deprecate/)
      expect((await showApproval(tenant.agents, agent)).agent.value).to.equal(undefined)
    } finally {
      emu.change((state) => {
        state.customSecurityAttributeDefinitions.find((x) => x['id'] === APPROVAL.id)!['isCollection'] = false
      })
    }
  })

  it('an unknown agent is NOT_FOUND; a name that is not a GUID is a usage error', async () => {
    const missing = await resolveAgent(tenant.agents, '00000000-0000-0000-0000-0000000000aa').catch((e) => e)
    expect(missing).to.include({code: 'NOT_FOUND'})
    const bad = await resolveAgent(tenant.agents, 'ca-sentinel-agent').catch((e) => e)
    expect(bad).to.include({code: 'USAGE'})
  })

  it('without a terminal, a change needs --yes or --dry-run', () => {
    expect(() => requireConsent({yes: false, dryRun: false}, 'sentinel attribute assign', false)).to.throw(
      /no terminal to confirm it: pass --yes/,
    )
    expect(() => requireConsent({yes: true, dryRun: false}, 'x', false)).to.not.throw()
    expect(() => requireConsent({yes: false, dryRun: true}, 'x', false)).to.not.throw()
    expect(() => requireConsent({yes: false, dryRun: false}, 'x', true)).to.not.throw()
  })
})
