// An ora spinner on stderr while collecting, only on a terminal. ora loads in the background, so the
// first AWS call never waits for it.
export interface Progress {
  text(text: string): void;
  stop(): void;
}

const NONE: Progress = { text() {}, stop() {} };

export function startProgress(enabled: boolean, firstText: string): Progress {
  // A pseudo-terminal that reports 0 columns sends ora's line count to Infinity (an endless loop).
  if (!enabled || process.stderr.columns === 0) return NONE;
  let text = firstText;
  let stopped = false;
  let spinner: { text: string; stop(): unknown } | undefined;
  import('ora').then(({ default: ora }) => {
    if (stopped) return;
    spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
  }).catch(() => { /* no spinner then */ });
  return {
    text(next) {
      text = next;
      if (spinner) spinner.text = next;
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}
