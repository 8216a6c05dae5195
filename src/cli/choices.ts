// The choices of check's CI flags, apart from the code that uses them so --help loads no engine.
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'never'] as const;
