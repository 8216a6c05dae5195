// `vpcdoctor completion bash|zsh|fish`: a completion script generated from commander's own command
// tree, so it cannot drift from the CLI. Not @pnpm/tabtab or omelette: both install by editing the
// user's shell rc files and answer every Tab by starting node and calling back into the program;
// a static script costs nothing at Tab time and is installed the usual way (`source <(...)`).
import type { Command, Option } from 'commander';
import { FINDING_CODES } from '../analyze/codes.js';
import { InputError } from '../errors.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What an option's value or a command's argument completes to, beyond commander's choices. */
type Values = { files: true } | { words: readonly string[] } | null;

const TARGET_WORDS = ['internet', 'ses', 'ses-smtp', 'aws:', 'rds:'];
const FILE_OPTIONS = new Set(['--snapshot', '--out', '--baseline', '--plan-out', '--report', '--journal']);

interface Flag { names: string[]; description: string; values: Values; takesValue: boolean }
interface Sub { name: string; description: string; flags: Flag[]; args: Values }

function optionValues(o: Option): Values {
  if (o.argChoices) return { words: o.argChoices };
  if (o.long && FILE_OPTIONS.has(o.long)) return { files: true };
  if (o.long === '--target') return { words: TARGET_WORDS };
  return null;
}

function argValues(name: string): Values {
  if (name === 'explain') return { words: FINDING_CODES };
  if (name === 'completion') return { words: SHELLS };
  if (['undo', 'apply', 'diff', 'merge'].includes(name)) return { files: true };
  return null;
}

function tree(program: Command): Sub[] {
  return program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    flags: [...c.options, ...(c.options.some((o) => o.long === '--help') ? [] : [HELP])].map((o) => ({
      names: [o.short, o.long].filter((n): n is string => !!n),
      description: o.description,
      values: optionValues(o),
      takesValue: o.required || o.optional,
    })),
    args: argValues(c.name()),
  }));
}

const HELP = { short: '-h', long: '--help', description: 'show help', required: false, optional: false } as unknown as Option;

export function renderCompletion(program: Command, shell: string): string {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new InputError(`completion ${shell}: expected bash, zsh or fish`);
  const subs = tree(program);
  const name = program.name();
  switch (shell as Shell) {
    case 'bash': return bash(name, subs);
    case 'zsh': return zsh(name, subs);
    case 'fish': return fish(name, subs);
  }
}

const words = (v: Values): string => (v && 'words' in v ? v.words.join(' ') : '');

function bash(name: string, subs: Sub[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const lines = [
    `# ${name} completion for bash. Load it with: source <(${name} completion bash)`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    `  if [[ $COMP_CWORD -eq 1 ]]; then COMPREPLY=($(compgen -W "${subs.map((s) => s.name).join(' ')} --help --version" -- "$cur")); return; fi`,
    '  case "${COMP_WORDS[1]}" in',
  ];
  for (const s of subs) {
    lines.push(`    ${s.name})`, '      case "$prev" in');
    for (const f of s.flags.filter((x) => x.takesValue)) {
      const action = f.values && 'files' in f.values ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : f.values ? `COMPREPLY=($(compgen -W "${words(f.values)}" -- "$cur"))` : 'COMPREPLY=()';
      lines.push(`        ${f.names.join('|')}) ${action}; return;;`);
    }
    lines.push('      esac');
    const rest = s.args && 'files' in s.args ? 'COMPREPLY=($(compgen -f -- "$cur"))'
      : `COMPREPLY=($(compgen -W "${words(s.args)}" -- "$cur"))`;
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${s.flags.flatMap((f) => f.names).join(' ')}" -- "$cur")); else ${rest}; fi`, '      ;;');
  }
  lines.push('  esac', '}', `complete -o default -F ${fn} ${name}`);
  return `${lines.join('\n')}\n`;
}

/** Text inside a zsh _arguments spec: no brackets, colons or single quotes to end it. */
const zshText = (s: string): string => s.replace(/[[\]:]/g, ' ').replace(/'/g, "'\\''");

function zsh(name: string, subs: Sub[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const valueSpec = (v: Values): string => (v === null ? ':value: ' : 'files' in v ? ':file:_files' : `:value:(${v.words.join(' ')})`);
  const lines = [
    `#compdef ${name}`,
    `# ${name} completion for zsh. Load it with: source <(${name} completion zsh)  (after compinit)`,
    `${fn}() {`,
    '  local -a commands',
    `  commands=(${subs.map((s) => `'${s.name}:${zshText(s.description)}'`).join(' ')})`,
    "  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi",
    '  shift words; (( CURRENT-- ))',
    '  case $words[1] in',
  ];
  for (const s of subs) {
    const specs = s.flags.map((f) => {
      const rest = `[${zshText(f.description)}]${f.takesValue ? valueSpec(f.values) : ''}'`;
      // Either spelling excludes the other: (-q --quiet){-q,--quiet}'[…]'.
      return f.names.length > 1 ? `'(${f.names.join(' ')})'{${f.names.join(',')}}'${rest}` : `'${f.names[0]}${rest}`;
    });
    const arg = s.args === null ? "'*: :'" : `'*${valueSpec(s.args)}'`;
    lines.push(`    ${s.name}) _arguments -s ${[...specs, arg].join(' ')} ;;`);
  }
  lines.push('  esac', '}', `compdef ${fn} ${name}`);
  return `${lines.join('\n')}\n`;
}

const fishText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

function fish(name: string, subs: Sub[]): string {
  const lines = [
    `# ${name} completion for fish. Load it with: ${name} completion fish | source`,
    `complete -c ${name} -f`,
  ];
  for (const s of subs) lines.push(`complete -c ${name} -n __fish_use_subcommand -a ${s.name} -d '${fishText(s.description)}'`);
  for (const s of subs) {
    const when = `-n '__fish_seen_subcommand_from ${s.name}'`;
    for (const f of s.flags) {
      const names = f.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value = !f.takesValue ? '' : f.values === null ? ' -x' : 'files' in f.values ? ' -r -F' : ` -x -a '${f.values.words.join(' ')}'`;
      lines.push(`complete -c ${name} ${when} ${names}${value} -d '${fishText(f.description)}'`);
    }
    if (s.args) lines.push(`complete -c ${name} ${when} ${'files' in s.args ? '-F' : `-a '${s.args.words.join(' ')}'`}`);
  }
  return `${lines.join('\n')}\n`;
}
