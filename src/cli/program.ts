// The command line: commander wiring only. Each action imports what it needs when it runs, so
// `explain` loads no engine and `--snapshot` never loads the AWS SDK (main.ts answers `--version`).
import { Command, CommanderError, Option } from 'commander';
import { InputError, isUserFacingError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CheckOptions, GraphOptions, SnapshotOptions } from './commands.js';
import type { DiffOptions } from './diff.js';
import type { FixOptions } from './fix.js';
import { FAIL_ON, REPORT_FORMATS } from './choices.js';
import { VIA } from '../fix/types.js';
import { addExamples } from './help.js';
import { COLOR_MODES, type ColorMode } from './terminal.js';
import { prefetchFile } from '../snapshot/prefetch.js';

// Imported when their command runs (the bundle splits here): explain loads no engine. A command
// given --snapshot files starts reading them first, while the engine loads.
const commands = (options?: { snapshot?: string | string[] }) => {
  for (const file of [options?.snapshot ?? []].flat()) prefetchFile(file);
  return import('./commands.js');
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function awsOptions(command: Command): Command {
  return command
    .option('--region <region>', 'AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)')
    .option('--profile <profile>', 'named profile from the AWS config files')
    .option('--peer-profile <profile>', 'another account\'s profile (transit gateway, egress VPC), read in the same rounds (repeatable)', collect)
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (emulators); AWS_ENDPOINT_URL works too')
    .option('--qualifier <qualifier>', 'function version or alias')
    .option('--snapshot <file>', 'analyse a recorded snapshot instead of calling AWS (repeatable: several accounts\' snapshots, merged)', collect)
    .option('-v, --verbose', 'log each AWS call and its duration to stderr');
}

/** --color auto|always|never and its short form --no-color (same as never). */
function colorOptions(command: Command): Command {
  return command
    .addOption(new Option('--color <when>', 'colour the text: auto (a terminal, or FORCE_COLOR set), always (CI logs), never; NO_COLOR honoured').choices(COLOR_MODES))
    .option('--no-color', 'same as --color never');
}

export function buildProgram(exit: { code: number }): Command {
  const program = new Command('vpcdoctor')
    .description('Why can\'t my Lambda function in a VPC reach the internet, SES or its database?')
    .version(VERSION)
    .showHelpAfterError('(run vpcdoctor --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  colorOptions(awsOptions(program.command('check').description('trace egress from every subnet of the function(s) to each target'))
    .argument('[functions...]', 'function name, full or partial ARN, or name:alias')
    .option('--all', 'every VPC function of the Region')
    .option('--target <spec>', 'internet | ses | ses-smtp | aws:<service> | rds:<db-or-proxy> | <ip>[/<len>]:<port> | <host>:<port> (repeatable)', collect)
    .addOption(new Option('--output <format>', 'report format').choices([...REPORT_FORMATS]).default('text'))
    .option('--report <format=file>', 'also write this format to a file, from the same analysis (repeatable), e.g. junit=vpcdoctor.xml', collect)
    .option('--baseline <file>', 'CI gate: fail only on regressions against this snapshot or earlier JSON report')
    .addOption(new Option('--fail-on <level>', 'what fails the gate: new error findings and lost paths (error), warnings too, or never').choices([...FAIL_ON]).default('error'))
    .addOption(new Option('--annotations <kind>', 'GitHub workflow commands (::error/::warning) on stderr; default: github when GITHUB_ACTIONS=true').choices(['github', 'none']))
    .option('-q, --quiet', 'print nothing; the exit code tells')
    .option('--every-hop', 'text output: list every hop of reachable paths too, not only of broken ones')
    .option('--fix', 'plan a repair, show it, ask, apply it, verify it')
    .option('--dry-run', 'with --fix: show the plan and have AWS validate each call (EC2 DryRun); change nothing')
    .option('--yes', 'with --fix: apply without asking')
    .option('--plan-out <file>', 'with --fix: write the proved plan, with a fingerprint of every resource it relies on, to this file and apply nothing (vpcdoctor apply FILE applies it)')
    .option('--nat-per-az', 'with --fix: a NAT gateway in each function AZ (default: the fewest new resources, one NAT gateway)')
    .addOption(new Option('--via <egress>', 'with --fix: how traffic leaves: nat (zonal NAT gateways, the default), endpoint (interface VPC endpoints for AWS service targets, no NAT), regional-nat (one regional NAT gateway for every AZ)').choices([...VIA]))
    .option('--journal <path>', 'with --fix: write the journal to this file, or into this directory (default: $XDG_STATE_HOME/vpcdoctor/journals)')
    .option('--probe', 'confirm each verdict with a real connection from each subnet (creates and deletes probe functions; with --fix: after the repair)'))
    .action(async (functions: string[], options: CheckOptions) => { exit.code = await (await commands(options)).runCheck(functions, options); });

  colorOptions(awsOptions(program.command('probe').description('a real connection from each subnet of the function(s): creates a short-lived probe function per subnet, deletes it'))
    .argument('[functions...]', 'function name, full or partial ARN, or name:alias')
    .option('--target <spec>', 'as for check (repeatable)', collect)
    .addOption(new Option('--output <format>', 'report format').choices(['text', 'json', 'markdown', 'junit']).default('text'))
    .option('--cleanup', 'delete every probe function an interrupted run left behind, and nothing else')
    .option('-q, --quiet', 'print nothing; the exit code tells'))
    .action(async (functions: string[], options: CheckOptions & { cleanup?: boolean }) => {
      if (options.cleanup && functions.length > 0) throw new InputError('probe --cleanup takes no function names: it removes every leftover probe function');
      exit.code = options.cleanup
        ? await (await import('./probe.js')).runProbeCleanup(options)
        : await (await commands()).runCheck(functions, { ...options, probe: true });
    });

  program.command('snapshot').description('record what the analysis needs into a snapshot file (contract §3)')
    .argument('<functions...>', 'function name, full or partial ARN, or name:alias')
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .option('--region <region>', 'AWS Region')
    .option('--profile <profile>', 'named profile')
    .option('--peer-profile <profile>', 'another account\'s profile (transit gateway, egress VPC), read in the same rounds (repeatable)', collect)
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint')
    .option('--qualifier <qualifier>', 'function version or alias')
    .option('-v, --verbose', 'log each AWS call and its duration to stderr')
    .action(async (functions: string[], options: SnapshotOptions) => { exit.code = await (await commands()).runSnapshot(functions, options); });

  awsOptions(program.command('graph').description('print the reachability graph'))
    .argument('<function>', 'function name, full or partial ARN, or name:alias')
    .addOption(new Option('--format <format>', 'graph language').choices(['dot', 'mermaid']).default('dot'))
    .option('--target <spec>', 'as for check (repeatable)', collect)
    .action(async (fn: string, options: GraphOptions) => { exit.code = await (await commands(options)).runGraph(fn, options); });

  program.command('merge').description('one snapshot from several accounts\' snapshots of one Region (e.g. the application and the network account)')
    .argument('<snapshots...>', 'snapshot files (vpcdoctor snapshot … -o FILE, with each account\'s profile)')
    .requiredOption('-o, --out <file>', 'write the merged snapshot here')
    .action(async (files: string[], options: { out: string }) => { exit.code = await (await import('./merge.js')).runMerge(files, options); });

  program.command('undo').description('roll back what a --fix run created and changed, from its journal')
    .argument('<journal>', 'the journal file that --fix wrote (its path is printed before the first change)')
    .option('--dry-run', 'show the undo plan and have AWS validate each call (EC2 DryRun); change nothing')
    .option('--yes', 'undo without asking')
    .option('--region <region>', 'AWS Region (default: the journal\'s)')
    .option('--profile <profile>', 'named profile (default: the journal\'s)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (default: the journal\'s)')
    .option('-v, --verbose', 'log each AWS call and its duration to stderr')
    .action(async (journal: string, options: FixOptions) => { exit.code = await (await import('./fix.js')).runUndo(journal, options); });

  program.command('apply').description('apply a plan that check --fix --plan-out wrote (here or on another machine), if the network still matches it and planning again gives the same steps')
    .argument('<plan>', 'the plan file (check FUNCTION --fix --plan-out plan.json)')
    .option('--dry-run', 'check the plan against the network and have AWS validate each call (EC2 DryRun); change nothing')
    .option('--yes', 'apply without asking')
    .option('--journal <path>', 'write the journal to this file, or into this directory (default: $XDG_STATE_HOME/vpcdoctor/journals)')
    .option('--region <region>', 'AWS Region (default: the plan\'s)')
    .option('--profile <profile>', 'named profile (default: the plan\'s if it was written here, else the environment\'s)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (default: the plan\'s if it was written here)')
    .option('-v, --verbose', 'log each AWS call and its duration to stderr')
    .action(async (plan: string, options: FixOptions) => { exit.code = await (await import('./apply.js')).runApply(plan, options); });

  program.command('diff').description('verdicts that changed between two snapshots, and the resource change behind each')
    .argument('<before>', 'the earlier snapshot (- for stdin)')
    .argument('[after]', 'the later snapshot (- for stdin); or --live')
    .option('--live', 'AFTER is the account now (collected live)')
    .option('--function <name>', 'compare this function (repeatable; default: every VPC function in both)', collect)
    .option('--target <spec>', 'as for check (repeatable)', collect)
    .addOption(new Option('--output <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--region <region>', 'with --live: AWS Region (default: the BEFORE snapshot\'s)')
    .option('--profile <profile>', 'with --live: named profile')
    .option('--endpoint-url <url>', 'with --live: send every AWS call to this endpoint')
    .action(async (before: string, after: string | undefined, options: DiffOptions) => {
      exit.code = await (await import('./diff.js')).runDiff(before, after, options);
    });

  colorOptions(program.command('explain').description('what a finding code means and how to fix it; no code: list them all')
    .argument('[code]', 'a finding code, e.g. NAT_NO_PUBLIC_IP'))
    .action(async (code: string | undefined, options: { color?: ColorMode | boolean }) => { exit.code = (await import('./explain.js')).runExplain(code, options); });

  program.command('completion').description('print a shell completion script: source <(vpcdoctor completion bash)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { renderCompletion } = await import('./completion.js');
      process.stdout.write(renderCompletion(program, shell));
    });

  addExamples(program);
  return program;
}

export async function runProgram(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  try {
    await buildProgram(exit).parseAsync(argv);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message; help and version exit 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserFacingError(error)) {
      process.stderr.write(`vpcdoctor: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`vpcdoctor: internal error: ${message} (please report it; VPCDOCTOR_DEBUG=1 shows the stack)\n`);
    if (process.env.VPCDOCTOR_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 3;
  }
}
