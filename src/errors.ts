// Errors the CLI turns into one line on stderr and an exit code (contract §2). Anything else is a bug.

/** Bad flag, target, snapshot, or no such function/database: exit 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** The analysis could not finish: credentials, access, throttling, network: exit 3. */
export class AnalysisError extends Error {
  readonly exitCode = 3;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnalysisError';
  }
}

/** Another vpcdoctor run holds the VPC's lock (one fix at a time per VPC): exit 4, nothing changed. */
export class ConcurrentRunError extends Error {
  readonly exitCode = 4;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConcurrentRunError';
  }
}

/** Stopped by SIGINT or SIGTERM after rolling back: exit 130 / 143, as a shell reports death by that signal (128 + its number). */
export class InterruptedError extends Error {
  readonly exitCode: number;
  constructor(signal: string, message: string) {
    super(message);
    this.name = 'InterruptedError';
    this.exitCode = signal === 'SIGTERM' ? 143 : 130;
  }
}

export function isUserFacingError(error: unknown): error is InputError | AnalysisError | ConcurrentRunError | InterruptedError {
  return error instanceof InputError || error instanceof AnalysisError || error instanceof ConcurrentRunError || error instanceof InterruptedError;
}
