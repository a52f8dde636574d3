import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {configObject, parseA365Config, redactSecrets} from '../../dist/core/agent/a365-config.js'

const fixture = (name: string) => readFileSync(`test/fixtures/a365/${name}`, 'utf8')
const IDS = {
  blueprintAppId: '6389a575-263e-45bd-aa73-ddab13ce2e8b',
  blueprintPrincipalId: '0411a9b7-bcf1-418d-b9c7-d5c9012c15c5',
  agentAppId: '1b3f4a08-ddec-4282-adc1-53104d414ded',
}

describe('the Agent 365 CLI generated configuration, read tolerantly', () => {
  for (const name of ['camel-case.json', 'pascal-case.json', 'display-with-banner.txt', 'display-key-value.txt'])
    it(`${name}: the ids, whatever the casing or framing, and never the secret`, () => {
      const config = parseA365Config(configObject(fixture(name))!, name)
      expect(config).to.include(IDS)
      expect(JSON.stringify(config)).to.not.include('secret')
    })

  it('"completed" as a boolean or a string', () => {
    expect(parseA365Config(configObject(fixture('camel-case.json'))!, 'x').completed).to.equal(true)
    expect(parseA365Config(configObject(fixture('pascal-case.json'))!, 'x').completed).to.equal(false)
  })

  it('an incomplete setup (no AgenticAppId) or a non-GUID id is an error naming the source and the key', () => {
    expect(() => parseA365Config(configObject(fixture('incomplete.json'))!, 'incomplete.json')).to.throw(
      /incomplete\.json at \/AgenticAppId: expected AgenticAppId \(a GUID\): run a365 setup all to the end first/,
    )
    expect(() => parseA365Config({agentBlueprintId: 'my-blueprint', AgenticAppId: IDS.agentAppId}, 'f')).to.throw(
      /agentBlueprintId to be a GUID/,
    )
  })

  it('nothing that looks like a configuration gives undefined, not an empty one', () => {
    expect(configObject('Error: not signed in.\nRun a365 login first.')).to.equal(undefined)
  })

  it('secrets in streamed output are masked, in JSON and in key: value form; ids stay readable', () => {
    expect(redactSecrets('  "agentBlueprintClientSecret": "abc~123.xyz",')).to.equal(
      '  "agentBlueprintClientSecret": "***",',
    )
    expect(redactSecrets('agentBlueprintClientSecret: abc~123.xyz')).to.equal('agentBlueprintClientSecret: ***')
    expect(redactSecrets('client_secret=abc&scope=x')).to.match(/client_secret=\*\*\*/)
    expect(redactSecrets('  [ok] blueprint principal 0411a9b7-bcf1-418d-b9c7-d5c9012c15c5')).to.include('0411a9b7')
    for (const line of fixture('display-key-value.txt').split('\n'))
      expect(redactSecrets(line)).to.not.include('emulator-only-fixture-secret-not-real')
  })
})
