/** Token checks and token failures, from the reference's facts (graph-api.md 2.6, 6.1-6.3, 10.1, 10.6). */
import {expect} from 'chai'
import {decodeClaims, judgeAgentToken, wrongTenantError} from '../../dist/core/auth/token-claims.js'
import {parseTokenFailure, tokenError} from '../../dist/core/auth/token-failure.js'

const jwt = (payload: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`

const AGENT = {
  agentAppId: 'aaaa1111-0000-0000-0000-000000000001',
  agentObjectId: 'bbbb2222-0000-0000-0000-000000000002',
}
const BLUEPRINT = 'cccc3333-0000-0000-0000-000000000003'

describe("is this the agent identity's token?", () => {
  const cases: Array<[string, Record<string, unknown>, 'agent' | 'blueprint' | 'other']> = [
    [
      'the agent (v1.0, appid)',
      {oid: AGENT.agentObjectId, sub: AGENT.agentObjectId, appid: AGENT.agentAppId, xms_par_app_azp: BLUEPRINT},
      'agent',
    ],
    [
      'the agent (v2.0, azp)',
      {oid: AGENT.agentObjectId, sub: AGENT.agentObjectId, azp: AGENT.agentAppId, xms_par_app_azp: BLUEPRINT},
      'agent',
    ],
    ["the blueprint's own token", {oid: 'dddd', sub: 'dddd', appid: BLUEPRINT}, 'blueprint'],
    [
      'the agent app id but the blueprint principal as subject',
      {oid: 'dddd', sub: 'dddd', appid: AGENT.agentAppId, xms_par_app_azp: BLUEPRINT},
      'other',
    ],
    [
      'the agent without xms_par_app_azp',
      {oid: AGENT.agentObjectId, sub: AGENT.agentObjectId, appid: AGENT.agentAppId},
      'other',
    ],
    [
      'another agent of the same blueprint',
      {oid: 'eeee', sub: 'eeee', appid: 'ffff', xms_par_app_azp: BLUEPRINT},
      'other',
    ],
  ]
  for (const [name, claims, expected] of cases)
    it(`${name}: ${expected}`, () => {
      const verdict = judgeAgentToken(decodeClaims(jwt(claims)), AGENT)
      const seen = verdict.ok ? 'agent' : verdict.blueprintToken ? 'blueprint' : 'other'
      expect(seen).to.equal(expected)
    })

  it('a token for another tenant id is refused; a domain cannot be compared and is left to the authority', () => {
    const claims = decodeClaims(jwt({tid: 'aaaaaaaa-0000-0000-0000-000000000001'}))
    expect(wrongTenantError(claims, 'AAAAAAAA-0000-0000-0000-000000000001', 'x')).to.equal(undefined)
    expect(wrongTenantError(claims, 'bbbbbbbb-0000-0000-0000-000000000002', 'x')!.code).to.equal('WRONG_TOKEN')
    expect(wrongTenantError(claims, 'contoso.onmicrosoft.com', 'x')).to.equal(undefined)
  })

  it('facet claims are lists tested by membership; a string that is not a JWT is a typed error', () => {
    const claims = decodeClaims(jwt({xms_sub_fct: '9 3 11', xms_idrel: '28 7'}))
    expect(claims.facets['xms_sub_fct']).to.include('11')
    expect(claims.facets['xms_idrel']).to.have.members(['7', '28'])
    expect(() => decodeClaims('not-a-token')).to.throw(/not a JWT/)
  })
})

describe('a failed token request', () => {
  const message =
    'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.\r\nTrace ID: 36a9bfd2-0233-4b3b-b947-5ed41fa7a600\r\nCorrelation ID: 85b60f58-62ff-4d26-b249-6a0229ba280e\r\nTimestamp: 2023-05-29 05:46:34Z'

  it('53003 is a CA block with the correlation and trace IDs, read from the text alone (MSAL message) or the body', () => {
    for (const failure of [
      parseTokenFailure(`invalid_grant: ${message}`),
      parseTokenFailure('x', {
        errorCodes: [53003],
        correlationId: '85b60f58-62ff-4d26-b249-6a0229ba280e',
        traceId: '36a9bfd2-0233-4b3b-b947-5ed41fa7a600',
      }),
    ]) {
      expect(failure).to.include({code: 53003, correlationId: '85b60f58-62ff-4d26-b249-6a0229ba280e'})
      const error = tokenError(failure, 'agent identity x')
      expect(error.code).to.equal('CA_BLOCKED')
      expect(error.message).to.include('ERROR: BLOCKED BY CONDITIONAL ACCESS, token acquisition denied')
    }
  })

  it('other AADSTS codes map to what to do: tenant, credential, disabled', () => {
    expect(tokenError(parseTokenFailure('AADSTS90002: Tenant not found.'), 'x').code).to.equal('CONFIG')
    expect(tokenError(parseTokenFailure('AADSTS7000215: Invalid client secret provided.'), 'x').code).to.equal('AUTH')
    expect(tokenError(parseTokenFailure('AADSTS7000112: Application is disabled.'), 'x').message).to.include('disabled')
  })
})
