/**
 * Container images built without a daemon: buildah (Debian's), run as root with chroot isolation and
 * the host's network, so a container reaches the emulator on loopback. Docker Hub cannot be reached
 * from here, so the Dockerfile's base (node:20.20.2-bookworm-slim) is stood in for by an image made
 * from this machine's own files: it is Debian bookworm with Node.js 20.20.2, the same release the
 * Dockerfile pins, its sh, its libraries and its CA bundle, and a `node` user of uid 1000 as the
 * official image has. Where buildah is missing the suite skips, unless SENTINEL_REQUIRE_IMAGE is set.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  chownSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

export const BASE_IMAGE = 'docker.io/library/node:20.20.2-bookworm-slim'
/** buildah's environment: the overlay storage driver unless the caller chose another. */
export const BUILDAH_ENV = {...process.env, STORAGE_DRIVER: process.env['STORAGE_DRIVER'] ?? 'overlay'}

export const buildah = (args: string[], options: {input?: string} = {}) =>
  execFileSync('buildah', args, {env: BUILDAH_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options}).trim()

export function buildahMissing(): string | undefined {
  if (spawnSync('buildah', ['--version']).status === 0) return undefined
  return 'no buildah on PATH (apt-get install buildah)'
}

/** The stand-in base image, made once per machine. */
export function ensureBaseImage(): void {
  const present = buildah(['images', '--format', '{{.Name}}:{{.Tag}}']).split('\n')
  if (present.includes(BASE_IMAGE)) return
  const root = mkdtempSync(join(tmpdir(), 'sentinel-base-'))
  try {
    for (const dir of ['tmp', 'home/node', 'root', 'etc/ssl/certs', 'usr/local/bin', 'usr/local/lib', 'bin'])
      mkdirSync(join(root, dir), {recursive: true})
    chmodSync(join(root, 'tmp'), 0o1777)
    const node = execFileSync('readlink', ['-f', process.execPath], {encoding: 'utf8'}).trim()
    const shell = execFileSync('readlink', ['-f', '/bin/sh'], {encoding: 'utf8'}).trim()
    copyFileSync(node, join(root, 'usr/local/bin/node'))
    chmodSync(join(root, 'usr/local/bin/node'), 0o755)
    copyFileSync(shell, join(root, 'bin/sh'))
    chmodSync(join(root, 'bin/sh'), 0o755)
    // npm's bin shims start with #!/usr/bin/env node.
    mkdirSync(join(root, 'usr/bin'), {recursive: true})
    copyFileSync('/usr/bin/env', join(root, 'usr/bin/env'))
    chmodSync(join(root, 'usr/bin/env'), 0o755)
    cpSync(join(dirname(node), '../lib/node_modules/npm'), join(root, 'usr/local/lib/node_modules/npm'), {
      recursive: true,
    })
    writeFileSync(
      join(root, 'usr/local/bin/npm'),
      '#!/bin/sh\nexec node /usr/local/lib/node_modules/npm/bin/npm-cli.js "$@"\n',
      {
        mode: 0o755,
      },
    )
    const libraries = execFileSync('ldd', [node, shell, '/usr/bin/env'], {encoding: 'utf8'})
      .split('\n')
      .map((l) => /(\/\S+) \(0x/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined)
    for (const lib of new Set(libraries)) {
      mkdirSync(join(root, dirname(lib)), {recursive: true})
      copyFileSync(lib, join(root, lib))
    }
    // The host's CA bundle: a build behind this machine's TLS-inspecting proxy needs it (--build-arg NODE_EXTRA_CA_CERTS).
    if (existsSync('/etc/ssl/certs/ca-certificates.crt'))
      copyFileSync('/etc/ssl/certs/ca-certificates.crt', join(root, 'etc/ssl/certs/ca-certificates.crt'))
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n')
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnode:x:1000:\n')
    chownSync(join(root, 'home/node'), 1000, 1000)
    const container = buildah(['from', 'scratch'])
    buildah(['copy', container, root, '/'])
    buildah(['config', '--env', 'PATH=/usr/local/bin:/usr/bin:/bin', '--env', 'NODE_VERSION=20.20.2', container])
    buildah(['commit', '-q', container, BASE_IMAGE])
    buildah(['rm', container])
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}
