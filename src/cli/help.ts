// The examples and exit codes shown after each command's --help.
import type { Command } from 'commander';

const SEED = 'fixtures/seed/snapshot.json';

export const EXAMPLES: Record<string, string[]> = {
  vpcdoctor: [
    'vpcdoctor check mobile-auth-handler --region us-west-2',
    `vpcdoctor check mobile-auth-handler --snapshot ${SEED}`,
    'vpcdoctor explain NAT_SUBNET_NO_IGW_ROUTE',
  ],
  check: [
    'vpcdoctor check mobile-auth-handler --region us-west-2',
    'vpcdoctor check mobile-auth-handler:live --target ses --target rds:mobile-auth-db',
    'vpcdoctor check mobile-auth-handler --snapshot snapshot.json --output markdown',
    'vpcdoctor check --all --region eu-west-1 --output junit > vpcdoctor.xml',
    'vpcdoctor check mobile-auth-handler --fix --dry-run',
    'vpcdoctor check mobile-auth-handler --target ses --fix --via endpoint',
    'vpcdoctor check mobile-auth-handler --fix --via regional-nat --dry-run',
    'vpcdoctor check mobile-auth-handler --fix --journal ~/change-1234/',
    'vpcdoctor check mobile-auth-handler --fix --plan-out plan.json   # review it, then: vpcdoctor apply plan.json',
    'vpcdoctor check mobile-auth-handler -q || echo "egress broken"',
  ],
  snapshot: [
    'vpcdoctor snapshot mobile-auth-handler --region us-west-2 -o snapshot.json',
    'vpcdoctor check mobile-auth-handler --snapshot snapshot.json',
  ],
  graph: [
    'vpcdoctor graph mobile-auth-handler --format mermaid',
    'vpcdoctor graph mobile-auth-handler --snapshot snapshot.json | dot -Tsvg > paths.svg',
  ],
  merge: ['vpcdoctor merge app-account.json network-account.json -o all.json'],
  apply: [
    'vpcdoctor check mobile-auth-handler --fix --plan-out plan.json',
    'vpcdoctor apply plan.json --dry-run',
    'vpcdoctor apply plan.json --yes',
    'vpcdoctor apply plan.json --yes --region us-west-2   # in CI, a plan written on a laptop: checked by planning again',
  ],
  undo: [
    'vpcdoctor undo ~/.local/state/vpcdoctor/journals/journal-mobile-auth-handler-2026-12-01T10-00-00-000Z.json',
    'vpcdoctor undo journal.json --dry-run      # the undo plan, each call validated by AWS (DryRun)',
    'vpcdoctor undo journal.json --yes          # without asking (scripts, runbooks)',
  ],
  explain: ['vpcdoctor explain', 'vpcdoctor explain NAT_CROSS_AZ'],
  completion: [
    'source <(vpcdoctor completion bash)      # in ~/.bashrc',
    'source <(vpcdoctor completion zsh)       # in ~/.zshrc, after compinit',
    'vpcdoctor completion fish > ~/.config/fish/completions/vpcdoctor.fish',
  ],
};

/** Contract §2, for the commands whose exit code a pipeline reads. */
export const EXIT_CODES = [
  '0  every target reachable from every subnet',
  '1  a target unreachable, or reachable from only some subnets (partial)',
  '2  usage or input error: bad flag, target or snapshot; no such function or database',
  '3  the analysis could not finish: credentials, access denied, throttling, network',
  '4  another vpcdoctor run is changing the VPC (its vpcdoctor:lock tag): nothing changed (--fix, apply, undo)',
  '130  --fix or apply stopped by Ctrl-C (SIGINT; 143: SIGTERM): what it had done was rolled back',
];

const EXITS_FOR = new Set(['vpcdoctor', 'check', 'snapshot', 'graph', 'undo', 'apply']);

/** Adds "Examples:" (and "Exit codes:") after the help of the program and of each command. */
export function addExamples(program: Command): void {
  for (const command of [program, ...program.commands]) {
    const name = command.name();
    // A command added without examples still shows its usage line as one.
    const examples = EXAMPLES[name] ?? (command === program ? [] : [`vpcdoctor ${name} ${command.usage()}`]);
    const parts = [examples.length > 0 ? `Examples:\n${examples.map((e) => `  $ ${e}`).join('\n')}` : ''];
    if (EXITS_FOR.has(name)) parts.push(`Exit codes:\n${EXIT_CODES.map((e) => `  ${e}`).join('\n')}`);
    const text = parts.filter(Boolean).join('\n\n');
    if (text) command.addHelpText('after', `\n${text}`);
  }
}
