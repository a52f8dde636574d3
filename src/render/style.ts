/** How text is emphasised: plain by default (files, pipes, NO_COLOR); the CLI passes colours for a terminal. */
import type {Severity} from '../core/model.js'

export interface Style {
  added(text: string): string
  removed(text: string): string
  changed(text: string): string
  severity(severity: Severity, text: string): string
  dim(text: string): string
  bold(text: string): string
}

const same = (text: string) => text

export const PLAIN: Style = {
  added: same,
  removed: same,
  changed: same,
  severity: (_s, text) => text,
  dim: same,
  bold: same,
}
