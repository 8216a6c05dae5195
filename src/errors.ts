// Errors the CLI turns into one line on stderr and an exit code (contract §2). Anything else is a bug.

/** The shape every user-facing error shares: a message and the exit code the CLI ends with. */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode: number, name: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

/** Bad flag, target, snapshot, or no such function/database: exit 2. */
export class InputError extends UserFacingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, 'InputError', options);
  }
}

/** The analysis could not finish: credentials, access, throttling, network: exit 3. */
export class AnalysisError extends UserFacingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, 'AnalysisError', options);
  }
}

/** Another vpcdoctor run holds the VPC's lock (one fix at a time per VPC): exit 4, nothing changed. */
export class ConcurrentRunError extends UserFacingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 4, 'ConcurrentRunError', options);
  }
}

/** Stopped by SIGINT or SIGTERM after rolling back: exit 130 / 143, as a shell reports death by that signal (128 + its number). */
export class InterruptedError extends UserFacingError {
  constructor(signal: string, message: string) {
    super(message, signal === 'SIGTERM' ? 143 : 130, 'InterruptedError');
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
