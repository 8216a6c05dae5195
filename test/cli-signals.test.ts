// watchSignals: the first SIGINT/SIGTERM aborts the applier's signal and says what happens next; a
// second one says what is left applied and exits 130 (SIGINT) or 143 (SIGTERM) at once.
import { afterEach, describe, expect, it } from 'vitest';
import { watchSignals, type SignalWatch } from '../src/cli/signals.js';

let watch: SignalWatch | undefined;
afterEach(() => watch?.stop());

describe('watchSignals', () => {
  it.each([['SIGINT', 130, 'Ctrl-C'], ['SIGTERM', 143, 'SIGTERM']] as const)('%s once: abort and say so; twice: the leftover, and exit %i', (name, code, again) => {
    const lines: string[] = [];
    const exits: number[] = [];
    watch = watchSignals(() => 'Left applied: step 2 (CreateNatGateway). Finish the rollback with: vpcdoctor undo j.json --region us-west-2', (l) => lines.push(l), (c) => exits.push(c));
    process.emit(name, name);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toBe(name);
    expect(lines).toEqual([`${name}: stopping after the call in flight, then rolling back what this run did (${again} again stops at once)`]);
    expect(exits).toEqual([]);
    process.emit(name, name);
    expect(lines[1]).toBe(`${name} again: stopped at once. Left applied: step 2 (CreateNatGateway). Finish the rollback with: vpcdoctor undo j.json --region us-west-2`);
    expect(exits).toEqual([code]);
  });

  it('stop() hands the signals back', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    watch = watchSignals(() => '', () => {}, () => {});
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([before[0]! + 1, before[1]! + 1]);
    watch.stop();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
