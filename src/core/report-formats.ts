/** The formats a diff report is written in (`diff --format`), and the file name each is usually given. */
export const REPORT_FORMATS = ['text', 'markdown', 'sarif', 'junit', 'json', 'html'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const REPORT_EXTENSION: Record<ReportFormat, string> = {
  text: 'txt',
  markdown: 'md',
  sarif: 'sarif',
  junit: 'xml',
  json: 'json',
  html: 'html',
}
