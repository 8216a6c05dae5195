// The question before a change, on a terminal-like stream: y/yes goes on, anything else does not,
// Ctrl-C stops with exit 130 and nothing sent, end of input (Ctrl-D) is a no (not a silent exit 13).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ask } from '../src/cli/confirm.js';
import { InterruptedError } from '../src/errors.js';

function terminal(): { input: PassThrough; output: PassThrough } {
  // readline runs in terminal mode (Ctrl-C a key, not a character) when its output is a terminal.
  return { input: Object.assign(new PassThrough(), { isTTY: true }), output: Object.assign(new PassThrough(), { isTTY: true, columns: 80 }) };
}

describe('ask', () => {
  it.each([['y\r', true], ['yes\r', true], ['Y\r', true], ['n\r', false], ['\r', false], ['maybe\r', false]] as const)('%j → %s', async (typed, expected) => {
    const { input, output } = terminal();
    const answer = ask('Apply? [y/N] ', input, output);
    input.write(typed);
    expect(await answer).toBe(expected);
  });

  it('Ctrl-C: exit 130, nothing sent', async () => {
    const { input, output } = terminal();
    const answer = ask('Apply? [y/N] ', input, output);
    input.write('\x03');
    const error = await answer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect((error as Error).message).toBe('interrupted at the question: nothing was sent');
  });

  it('end of input (Ctrl-D): no', async () => {
    const { input, output } = terminal();
    const answer = ask('Apply? [y/N] ', input, output);
    input.end();
    expect(await answer).toBe(false);
  });
});
