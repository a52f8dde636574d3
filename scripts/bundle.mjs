// Bundles the launch path (dist/launch/index.js: the root help page and `sentinel diff` of exported files) into
// dist/fast/, so bin/run.js loads a few files instead of the hundred-odd modules tsc writes: node's ES module loader
// costs about a millisecond a module. Packages stay external (node_modules as installed); code split where the
// source imports lazily, so a chunk loads only when used. The tenant side is left out on purpose: the launch path
// hands any command line that reads a tenant to oclif (src/launch/diff.ts), which runs dist/ as tsc wrote it.
import {build} from 'esbuild-wasm'
import {rmSync} from 'node:fs'

rmSync('dist/fast', {recursive: true, force: true})
await build({
  entryPoints: ['dist/launch/index.js'],
  outdir: 'dist/fast',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: ['./tenant-context.js'],
  logLevel: 'warning',
})
