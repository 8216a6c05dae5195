// The yes/no question before a change (--fix, apply, undo). Ctrl-C at the question stops the run
// with nothing sent (exit 130, not an internal error); end of input (Ctrl-D) is a no.
import { createInterface } from 'node:readline/promises';
import { InterruptedError } from '../errors.js';

export async function ask(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<boolean> {
  const rl = createInterface({ input, output });
  let interrupted = false;
  rl.once('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  // Without this, end of input leaves the question unanswered for ever and node exits 13.
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  const stop = () => new InterruptedError('SIGINT', 'interrupted at the question: nothing was sent');
  try {
    const answer = await Promise.race([rl.question(question), closed]);
    if (interrupted) throw stop();
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    if (interrupted || (error as Error)?.name === 'AbortError') throw stop();
    throw error;
  } finally {
    rl.close();
  }
}
