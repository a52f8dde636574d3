/**
 * Text and JSON decoding for exports as they are found in the wild: UTF-8 with or without BOM,
 * UTF-16 LE or BE with BOM (Windows PowerShell's Out-File), CRLF line ends.
 */
import {createRequire} from 'node:module'
import type {ParseError} from 'jsonc-parser'
import {BadInputError} from './errors.js'

export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2), file)
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2), file)
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decode('utf-8', bytes.subarray(3), file)
  // UTF-16 without a BOM still shows itself: JSON starts with an ASCII character, so one of the first two bytes is 0.
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0] !== 0) return decode('utf-16le', bytes, file)
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return decode('utf-16be', bytes, file)
  return decode('utf-8', bytes, file)
}

function decode(encoding: string, bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    throw new BadInputError(
      file,
      '',
      `is not valid ${encoding.toUpperCase()} text; expected UTF-8 or UTF-16 with a byte-order mark`,
    )
  }
}

/**
 * JSON.parse, and on failure an error that names the file, the line and the column. V8 does not
 * always report a position, so the failure path re-scans the text with jsonc-parser (strict JSON).
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof RangeError)
      throw new BadInputError(file, '', 'is nested too deeply to be a Graph export (or too large to parse)')
    throw new BadInputError(file, '', `is not valid JSON${locate(text)}; expected a Graph export`)
  }
}

function locate(text: string): string {
  // Loaded on the failure path only: a run that reads valid JSON never pays for the parser.
  const {parseTree, printParseErrorCode} = createRequire(import.meta.url)(
    'jsonc-parser',
  ) as typeof import('jsonc-parser')
  const errors: ParseError[] = []
  try {
    parseTree(text, errors, {allowTrailingComma: false, disallowComments: true, allowEmptyContent: false})
  } catch (error) {
    // The parser recurses per level: text nested thousands deep overflows it. No position then, but the same one line.
    if (error instanceof RangeError) return ' (nested too deeply to locate the error)'
    throw error
  }
  const first = errors[0]
  if (!first) return ''
  const before = text.slice(0, first.offset)
  const line = before.split('\n').length
  const column = first.offset - before.lastIndexOf('\n')
  return ` at line ${line}, column ${column} (${printParseErrorCode(first.error)})`
}
