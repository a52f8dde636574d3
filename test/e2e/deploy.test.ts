/**
 * The deploy files, checked without a Docker engine or a Bicep compiler: the Dockerfile's stages,
 * user and command; the default job YAML (one container: the blueprint's exchange as the job's
 * managed identity) and the sidecar variant (the sidecar settings the sentinel depends on, and no
 * shell: the sidecar image is distroless); every environment variable the job reads is set there
 * or documented as optional; and the Bicep declares both, with AcrPull for the job identity. (The
 * production install running the job is in pack.test.ts.)
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

interface JobYaml {
  properties: {
    configuration: {triggerType: string; scheduleTriggerConfig?: {cronExpression: string}; secrets?: unknown[]}
    template: {containers: Container[]; volumes: Array<{name: string; storageType: string}>}
  }
}
const yaml = parse(readFileSync('deploy/containerapps-job.yaml', 'utf8')) as JobYaml
const sidecarYaml = parse(readFileSync('deploy/containerapps-job-sidecar.yaml', 'utf8')) as JobYaml
const containers = yaml.properties.template.containers
const sidecarContainers = sidecarYaml.properties.template.containers
const byName = (name: string, of = containers) => of.find((c) => c.name === name)!
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

  it('job YAML (the default): a schedule and one container, the blueprint exchanged as the job managed identity', () => {
    expect(yaml.properties.configuration.triggerType).to.equal('Schedule')
    expect(yaml.properties.configuration.scheduleTriggerConfig?.cronExpression).to.be.a('string')
    expect(containers.map((c) => c.name)).to.deep.equal(['sentinel'])
    const sentinel = envOf(byName('sentinel'))
    expect(sentinel['SENTINEL_BLUEPRINT_CLIENT_ID']).to.be.a('string')
    expect(sentinel['SENTINEL_BLUEPRINT_MANAGED_IDENTITY']).to.be.a('string')
    expect(sentinel).to.not.have.property('SENTINEL_SIDECAR_URL')
    expect(sentinel).to.not.have.property('SENTINEL_BLUEPRINT_CLIENT_SECRET')
    for (const secret of (yaml.properties.configuration.secrets ?? []) as Array<Record<string, unknown>>) {
      expect(secret).to.have.property('keyVaultUrl')
      expect(secret).to.not.have.property('value')
    }
    expect(yaml.properties.template.volumes.map((v) => v.storageType)).to.include('AzureFile')
  })

  it('job YAML (the sidecar variant): the pinned AgentID sidecar with the settings the sentinel needs, and no shell', () => {
    expect(sidecarContainers.map((c) => c.name).sort()).to.deep.equal(['auth-sidecar', 'sentinel'])
    const sidecar = byName('auth-sidecar', sidecarContainers)
    expect(sidecar.image).to.match(/^mcr\.microsoft\.com\/entra-sdk\/auth-sidecar:\d+\.\d+\.\d+$/)
    // The image is distroless: nothing may wrap its entry point in a shell.
    expect(sidecar.command).to.equal(undefined)
    expect(sidecar.args).to.equal(undefined)
    const env = envOf(sidecar)
    expect(env).to.include({Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated: 'true'})
    expect(env['ASPNETCORE_URLS']).to.match(/^http:\/\/localhost:\d+$/)
    expect(env['AzureAd__ClientId']).to.be.a('string')
    expect(env['AzureAd__ClientCredentials__0__SourceType']).to.not.equal('ClientSecret')
    expect(Object.keys(env).some((k) => /Secret/i.test(k) && env[k] !== undefined)).to.equal(false)
    expect(env['DownstreamApis__Graph__Scopes__0']).to.equal('https://graph.microsoft.com/.default')
    const sentinel = envOf(byName('sentinel', sidecarContainers))
    expect(new URL(sentinel['SENTINEL_SIDECAR_URL']!).hostname).to.equal('localhost')
    expect(sentinel['SENTINEL_SIDECAR_SERVICE']).to.equal('Graph')
    // What the two files share, they say the same.
    const shared = Object.keys(envOf(byName('sentinel'))).filter((k) => k in sentinel)
    for (const k of shared) expect(sentinel[k], k).to.equal(envOf(byName('sentinel'))[k])
  })

  it('every variable the job reads is set in the YAML or documented as optional in docs/deploy.md', () => {
    const set = new Set(Object.keys(envOf(byName('sentinel'))))
    const guide = readFileSync('docs/deploy.md', 'utf8')
    const optional = new Set([...guide.matchAll(/`(SENTINEL_[A-Z_]+)`/g)].map((m) => m[1]))
    const missing = [...variablesTheJobReads()].filter((v) => !set.has(v) && !optional.has(v))
    expect(missing).to.deep.equal([])
  })

  it('the Bicep declares both variants (useSidecar, off by default), AcrPull, the schedule, volume and log destination', () => {
    const bicep = readFileSync('deploy/containerapps-job.bicep', 'utf8')
    for (const c of [...containers, ...sidecarContainers]) {
      expect(bicep).to.include(`name: '${c.name}'`)
      for (const e of c.env) expect(bicep, e.name).to.include(`name: '${e.name}'`)
    }
    expect(bicep).to.include(byName('auth-sidecar', sidecarContainers).image)
    expect(bicep).to.match(/param useSidecar bool = false/)
    expect(bicep).to.match(/containers: useSidecar \? \[sentinelContainer, sidecarContainer\] : \[sentinelContainer\]/)
    expect(bicep).to.not.match(/\/bin\/sh/)
    // AcrPull (built-in role 7f951dda-...) for the job identity, before the job.
    expect(bicep).to.include("'7f951dda-4ed3-4680-a7ca-43fe172d538d'")
    expect(bicep).to.match(/principalId: identity\.properties\.principalId/)
    expect(bicep).to.match(/dependsOn: \[acrPull\]/)
    expect(bicep).to.match(/triggerType: 'Schedule'/)
    expect(bicep).to.match(/storageType: 'AzureFile'/)
    expect(bicep).to.match(/destination: 'log-analytics'/)
    // Secrets by reference only: a secretRef, never a value, in both files.
    const secretEnv = containers.flatMap((c) => c.env).filter((e) => e.secretRef !== undefined)
    for (const e of secretEnv) expect(bicep).to.include(`secretRef: '${e.secretRef}'`)
    expect(bicep).to.match(/keyVaultUrl: notifyWebhookKeyVaultUrl/)
  })
})
