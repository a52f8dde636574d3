/**
 * The tenant flags become typed options once, at the command; a child `sentinel job` gets them back
 * as flags (prove's local run). Parsed by oclif's own parser, so a flag renamed on one side only fails here.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {Parser} from '@oclif/core'
import {TENANT_FLAG, tenantArgs, tenantFlags, tenantOptions, type TenantOptions} from '../../dist/cli/tenant-flags.js'
import {CREDENTIAL_KINDS} from '../../dist/core/auth/credential-kinds.js'
import {CLOUD_NAMES} from '../../dist/core/tenant/clouds.js'

const ALL = Object.keys(TENANT_FLAG) as Array<keyof TenantOptions>

/** Values a flag can carry on a command line (not starting with a dash, not empty). */
const word = fc.stringMatching(/^[a-z0-9][a-z0-9.:/-]{0,20}$/)

const options: fc.Arbitrary<TenantOptions> = fc.record(
  {
    tenant: word,
    cloud: fc.constantFrom(...CLOUD_NAMES),
    authorityHost: word,
    graphBaseUrl: word,
    emulator: fc.boolean(),
    emulatorState: word,
    credential: fc.constantFrom(...CREDENTIAL_KINDS),
    agentIdentity: word,
    agentObjectId: word,
    sidecarUrl: word,
    sidecarService: word,
    blueprintClientId: word,
    timeScale: fc.integer({min: 1, max: 10_000}),
    timeoutSeconds: fc.integer({min: 1, max: 3600}),
  },
  {requiredKeys: ['cloud', 'emulator', 'sidecarService', 'timeoutSeconds']},
)

async function parsed(argv: string[]): Promise<TenantOptions> {
  // No SENTINEL_* variable of the test's environment may fill a flag in.
  const saved = {...process.env}
  for (const key of Object.keys(process.env)) if (key.startsWith('SENTINEL_')) delete process.env[key]
  try {
    const {flags} = await Parser.parse(argv, {flags: tenantFlags, strict: true})
    return tenantOptions(flags as Parameters<typeof tenantOptions>[0])
  } finally {
    Object.assign(process.env, saved)
  }
}

describe('tenant options', () => {
  it('every tenant flag is tied to exactly one option', () => {
    expect(Object.values(TENANT_FLAG).sort()).to.deep.equal(Object.keys(tenantFlags).sort())
  })

  it('the flags a child is given parse back to the same options', async () => {
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        const back = await parsed(tenantArgs(given, ALL))
        // `--emulator` false is no flag at all: the flag's default (false) comes back.
        expect(back).to.deep.equal(given)
      }),
      {numRuns: 200},
    )
  })

  it('only the options named are passed on, in the order named', async () => {
    const given: TenantOptions = {
      cloud: 'global',
      emulator: true,
      sidecarService: 'Graph',
      timeoutSeconds: 30,
      agentIdentity: 'not-passed',
      tenant: 'contoso.onmicrosoft.com',
    }
    expect(tenantArgs(given, ['emulator', 'tenant', 'timeoutSeconds'])).to.deep.equal([
      '--emulator',
      '--tenant',
      'contoso.onmicrosoft.com',
      '--timeout',
      '30',
    ])
  })

  it('defaults come from the flag definitions', async () => {
    expect(await parsed([])).to.deep.equal({
      cloud: 'global',
      emulator: false,
      sidecarService: 'Graph',
      timeoutSeconds: 30,
    })
  })
})
