/**
 * The installed package's own files, found from wherever this module runs: dist/launch/ as tsc
 * writes it, or dist/fast/ as the build bundles it (scripts/bundle.mjs); both two folders down.
 */
import {fileURLToPath} from 'node:url'

const ROOT = new URL('../../', import.meta.url)

export function packageFile(path: string): string {
  return fileURLToPath(new URL(path, ROOT))
}
