// The bundle's entry. `--version` alone is answered here, before commander and the program are
// loaded (a third of its start-up); everything else goes to program.ts.
import { VERSION } from '../version.js';

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return (await import('./program.js')).runProgram(argv);
}
