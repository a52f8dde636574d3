import {expect} from 'chai'
import {checkAgentToken} from '../../dist/core/auth/agent-token-checks.js'

const AGENT = {oid: 'aaaaaaaa-0000-0000-0000-000000000001', app: 'aaaaaaaa-0000-0000-0000-0000000000a1'}
const BLUEPRINT = {app: 'bbbbbbbb-0000-0000-0000-0000000000b1', principal: 'bbbbbbbb-0000-0000-0000-000000000001'}
const expected = {
  agentObjectId: AGENT.oid,
  agentAppId: AGENT.app,
  blueprintAppId: BLUEPRINT.app,
  blueprintPrincipalId: BLUEPRINT.principal,
  tenantId: 'cccccccc-0000-0000-0000-000000000001',
}
const agentToken = {
  oid: AGENT.oid,
  sub: AGENT.oid,
  appid: AGENT.app,
  xms_par_app_azp: BLUEPRINT.app,
  xms_sub_fct: '3 11',
  idtyp: 'app',
  tid: expected.tenantId,
}

describe("the agent's token, claim by claim (graph-api.md 2.6, 10.6)", () => {
  it("the agent identity's token passes; facet claims are matched by membership in any order; GUIDs in any case", () => {
    for (const facets of ['3 11', '11 3', '11', '9 3 11 28'])
      expect(
        checkAgentToken({...agentToken, xms_sub_fct: facets, oid: AGENT.oid.toUpperCase()}, expected).holder,
      ).to.equal('agent')
  })

  it("the blueprint's own token (oid the blueprint principal, appid the blueprint) is named as such, with the sidecar setting", () => {
    const report = checkAgentToken(
      {oid: BLUEPRINT.principal, sub: BLUEPRINT.principal, appid: BLUEPRINT.app, idtyp: 'app', tid: expected.tenantId},
      expected,
    )
    expect(report.holder).to.equal('blueprint')
    expect(report.fix).to.include('Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true')
    expect(report.checks.filter((c) => !c.ok).map((c) => c.claim)).to.include.members([
      'oid',
      'sub',
      'appid',
      'xms_par_app_azp',
    ])
  })

  it('each single wrong or missing claim fails the check: sub, oid, appid, parent, facet, idtyp, tenant', () => {
    const broken: Record<string, unknown>[] = [
      {sub: BLUEPRINT.principal},
      {oid: 'dddddddd-0000-0000-0000-000000000001'},
      {appid: undefined, azp: 'dddddddd-0000-0000-0000-0000000000a1'},
      {xms_par_app_azp: 'dddddddd-0000-0000-0000-0000000000b1'},
      {xms_sub_fct: '3 13'},
      {xms_sub_fct: '111'},
      {idtyp: 'user'},
      {tid: 'dddddddd-0000-0000-0000-000000000009'},
    ]
    for (const change of broken) {
      const report = checkAgentToken({...agentToken, ...change}, expected)
      expect(report.holder, JSON.stringify(change)).to.not.equal('agent')
    }
  })

  it('a v2.0 token names the app in azp, and that is checked instead of appid', () => {
    const {appid: _unused, ...v2} = agentToken
    void _unused
    expect(checkAgentToken({...v2, azp: AGENT.app}, expected).holder).to.equal('agent')
    expect(checkAgentToken({...v2, azp: BLUEPRINT.app}, expected).holder).to.not.equal('agent')
  })
})
