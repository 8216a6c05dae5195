// Ctrl-C while --fix or apply changes an account. The first SIGINT or SIGTERM aborts the applier's
// signal: no new call is sent, the call in flight finishes, what the run did is rolled back and the
// run exits 130 / 143. A second one stops at once, saying what is left applied and the command
// that finishes the rollback.
export interface SignalWatch {
  signal: AbortSignal;
  stop: () => void;
}

export function watchSignals(leftover: () => string, log: (line: string) => void, exit: (code: number) => void = (code) => process.exit(code)): SignalWatch {
  const controller = new AbortController();
  const again = (name: string) => (name === 'SIGINT' ? 'Ctrl-C' : name);
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(name);
      log(`${name}: stopping after the call in flight, then rolling back what this run did (${again(name)} again stops at once)`);
      return;
    }
    log(`${name} again: stopped at once. ${leftover()}`);
    exit(name === 'SIGTERM' ? 143 : 130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    stop: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
