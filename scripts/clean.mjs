// Removes build output so a build never leaves stale files behind.
import {rmSync} from 'node:fs'

rmSync('dist', {recursive: true, force: true})
rmSync('oclif.manifest.json', {force: true})
