/**
 * The deploy files, checked without a Docker engine or a Bicep compiler: the Dockerfile's stages,
 * user and command; the job YAML's two containers and the sidecar settings the sentinel depends on;
 * every environment variable the job reads is set there or documented as optional; and the Bicep
 * declares the same. (The production install running the job is in pack.test.ts.)
 */
import {expect} from 'chai'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'

interface Container {
  name: string
  image: string
  env: Array<{name: string; value?: string; secretRef?: string}>
  command?: string[]
  args?: string[]
  volumeMounts?: Array<{volumeName: string; mountPath: string}>
}

const yaml = parse(readFileSync('deploy/containerapps-job.yaml', 'utf8')) as {
  properties: {
    configuration: {triggerType: string; scheduleTriggerConfig?: {cronExpression: string}; secrets?: unknown[]}
    template: {containers: Container[]; volumes: Array<{name: string; storageType: string}>}
  }
}
const containers = yaml.properties.template.containers
const byName = (name: string) => containers.find((c) => c.name === name)!
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value]))

/** Every SENTINEL_* variable the built job reads: its flags' variables and the ones read directly. */
function variablesTheJobReads(): Set<string> {
  const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'))
  const names = new Set<string>()
  for (const flag of Object.values(manifest.commands.job.flags) as Array<{env?: string}>)
    if (flag.env) names.add(flag.env)
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'emulator') walk(path)
      else if (entry.name.endsWith('.js'))
        for (const m of readFileSync(path, 'utf8').matchAll(/env\.(SENTINEL_[A-Z_]+)/g)) names.add(m[1])
    }
  }
  walk('dist')
  return names
}

describe('deploy files', () => {
  it('Dockerfile: multi-stage, production dependencies only, non-root, sentinel job; every COPY source exists', () => {
    const text = readFileSync('deploy/Dockerfile', 'utf8')
    const stages = text.split(/^FROM /m).slice(1)
    expect(stages.length).to.be.greaterThan(1)
    const runtime = stages.at(-1)!
    expect(runtime).to.match(/^USER (?!root|0\b)\S+/m)
    expect(runtime).to.match(/^CMD \["node", "bin\/run\.js", "job"\]/m)
    expect(text).to.match(/npm prune --omit=dev|npm ci --omit=dev/)
    for (const m of text.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm))
      for (const source of m[1].split(' ')) expect(existsSync(source), `COPY ${source}`).to.equal(true)
  })

  it('job YAML: a schedule, the sentinel and the pinned AgentID sidecar with the settings the sentinel needs', () => {
    expect(yaml.properties.configuration.triggerType).to.equal('Schedule')
    expect(yaml.properties.configuration.scheduleTriggerConfig?.cronExpression).to.be.a('string')
    expect(containers.map((c) => c.name).sort()).to.deep.equal(['auth-sidecar', 'sentinel'])
    const sidecar = byName('auth-sidecar')
    expect(sidecar.image).to.match(/^mcr\.microsoft\.com\/entra-sdk\/auth-sidecar:\d+\.\d+\.\d+$/)
    const env = envOf(sidecar)
    expect(env).to.include({Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated: 'true'})
    expect(env['ASPNETCORE_URLS']).to.match(/^http:\/\/localhost:\d+$/)
    expect(env['AzureAd__ClientId']).to.be.a('string')
    expect(env['AzureAd__ClientCredentials__0__SourceType']).to.not.equal('ClientSecret')
    expect(Object.keys(env).some((k) => /Secret/i.test(k) && env[k] !== undefined)).to.equal(false)
    for (const secret of (yaml.properties.configuration.secrets ?? []) as Array<Record<string, unknown>>) {
      expect(secret).to.have.property('keyVaultUrl')
      expect(secret).to.not.have.property('value')
    }
    expect(env['DownstreamApis__Graph__Scopes__0']).to.equal('https://graph.microsoft.com/.default')
    const sentinel = envOf(byName('sentinel'))
    expect(new URL(sentinel['SENTINEL_SIDECAR_URL']!).hostname).to.equal('localhost')
    expect(sentinel['SENTINEL_SIDECAR_SERVICE']).to.equal('Graph')
    // The sidecar stops on the sentinel's done marker, on a volume both mount.
    const marker = sentinel['SENTINEL_DONE_MARKER']!
    expect(sidecar.args!.join(' ')).to.include(marker)
    const run = yaml.properties.template.volumes.find((v) => v.storageType === 'EmptyDir')!
    for (const c of containers) expect(c.volumeMounts!.map((m) => m.volumeName)).to.include(run.name)
    expect(yaml.properties.template.volumes.map((v) => v.storageType)).to.include('AzureFile')
  })

  it('every variable the job reads is set in the YAML or documented as optional in docs/deploy.md', () => {
    const set = new Set(Object.keys(envOf(byName('sentinel'))))
    const guide = readFileSync('docs/deploy.md', 'utf8')
    const optional = new Set([...guide.matchAll(/`(SENTINEL_[A-Z_]+)`/g)].map((m) => m[1]))
    const missing = [...variablesTheJobReads()].filter((v) => !set.has(v) && !optional.has(v))
    expect(missing).to.deep.equal([])
  })

  it('the Bicep declares the same containers, settings, schedule, volume and log destination', () => {
    const bicep = readFileSync('deploy/containerapps-job.bicep', 'utf8')
    for (const c of containers) {
      expect(bicep).to.include(`name: '${c.name}'`)
      for (const e of c.env) expect(bicep, e.name).to.include(`name: '${e.name}'`)
    }
    expect(bicep).to.include(byName('auth-sidecar').image)
    expect(bicep).to.match(/triggerType: 'Schedule'/)
    expect(bicep).to.match(/storageType: 'AzureFile'/)
    expect(bicep).to.match(/destination: 'log-analytics'/)
    expect(bicep).to.include("value: 'true'")
    // Secrets by reference only: a secretRef, never a value, in both files.
    const secretEnv = containers.flatMap((c) => c.env).filter((e) => e.secretRef !== undefined)
    for (const e of secretEnv) expect(bicep).to.include(`secretRef: '${e.secretRef}'`)
    expect(bicep).to.match(/keyVaultUrl: notifyWebhookKeyVaultUrl/)
  })
})
