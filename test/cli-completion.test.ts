// `vpcdoctor completion bash|zsh|fish`, loaded into the real shells where they are installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vpcdoctor } from './helpers/cli.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-completion-'));
const script = (shell: string): string => {
  const run = vpcdoctor(['completion', shell]);
  expect(run.code).toBe(0);
  const file = join(dir, `completion.${shell}`);
  writeFileSync(file, run.stdout);
  return file;
};

describe('completion bash', () => {
  const file = script('bash');
  const complete = (...words: string[]): string[] => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const run = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(vpcdoctor ${quoted}); COMP_CWORD=${words.length}; _vpcdoctor; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter(Boolean);
  };

  it.skipIf(!has('bash'))('completes commands, options, choices and finding codes', () => {
    expect(complete('')).toEqual(expect.arrayContaining(['check', 'snapshot', 'graph', 'undo', 'explain', 'completion']));
    expect(complete('check', '--out')).toEqual(['--output']);
    expect(complete('check', '--output', '')).toEqual(['text', 'json', 'markdown', 'junit', 'sarif']);
    expect(complete('check', '--color', 'a')).toEqual(['auto', 'always']);
    expect(complete('graph', '--format', '')).toEqual(['dot', 'mermaid']);
    expect(complete('explain', 'NAT_N')).toEqual(['NAT_NOT_AVAILABLE', 'NAT_NO_PUBLIC_IP']);
    expect(complete('check', '--target', 's')).toEqual(['ses', 'ses-smtp']);
    expect(complete('check', '-')).toEqual(expect.arrayContaining(['-q', '--quiet', '-v', '--verbose', '--every-hop', '--help']));
    expect(complete('check', '--plan')).toEqual(['--plan-out']);
    expect(complete('ap')).toEqual(['apply']);
    expect(complete('apply', '--')).toEqual(expect.arrayContaining(['--yes', '--dry-run', '--region', '--profile', '--endpoint-url']));
  });
});

describe('completion fish', () => {
  it.skipIf(!has('fish'))('completes in fish', () => {
    const file = script('fish');
    const complete = (line: string): string[] => {
      const run = spawnSync('fish', ['-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!);
    };
    expect(complete('vpcdoctor ')).toEqual(expect.arrayContaining(['check', 'explain', 'completion']));
    expect(complete('vpcdoctor check --output ').sort()).toEqual(['json', 'junit', 'markdown', 'sarif', 'text']);
    expect(complete('vpcdoctor explain NAT_C')).toEqual(['NAT_CROSS_AZ']);
  });
});

describe('completion zsh', () => {
  it.skipIf(!has('zsh'))('is valid zsh with a #compdef line and every command', () => {
    const file = script('zsh');
    const run = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const text = vpcdoctor(['completion', 'zsh']).stdout;
    expect(text.startsWith('#compdef vpcdoctor\n')).toBe(true);
    for (const c of ['check', 'snapshot', 'graph', 'undo', 'explain']) expect(text).toMatch(new RegExp(`^    ${c}\\) _arguments`, 'm'));
    expect(text).toContain(':value:(text json markdown junit)');
  });
});

it('refuses an unknown shell in one line, exit 2', () => {
  const run = vpcdoctor(['completion', 'tcsh']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe('vpcdoctor: completion tcsh: expected bash, zsh or fish\n');
});

describe('--help', () => {
  const commands = vpcdoctor(['--help']).stdout.split('Commands:')[1]!.split('\n')
    .map((l) => /^ {2}([a-z]+)\b/.exec(l)?.[1]).filter((c): c is string => !!c && c !== 'help');

  it('lists the commands', () => expect(commands).toEqual(expect.arrayContaining(['check', 'snapshot', 'graph', 'undo', 'explain', 'completion'])));

  it.each(['', ...['check', 'snapshot', 'graph', 'undo', 'explain', 'completion']])('vpcdoctor %s --help shows examples that start with vpcdoctor or a shell', (command) => {
    const run = vpcdoctor([...(command ? [command] : []), '--help']);
    expect(run.code).toBe(0);
    const examples = (run.stdout.split('Examples:\n')[1]?.split('\n\n')[0]?.split('\n') ?? []).filter(Boolean);
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(e).toMatch(/^ {2}\$ (vpcdoctor|source) /);
    if (command) expect(examples.some((e) => e.includes(`vpcdoctor ${command}`) || e.includes(`completion`))).toBe(true);
  });

  it('every command, including ones added later, has examples', () => {
    for (const command of commands) expect(vpcdoctor([command, '--help']).stdout, command).toContain('Examples:');
  });

  it.each(['', 'check'])('vpcdoctor %s --help lists the exit codes of contract §2', (command) => {
    const text = vpcdoctor([...(command ? [command] : []), '--help']).stdout;
    const exits = text.split('Exit codes:\n')[1]!;
    for (const code of ['0', '1', '2', '3']) expect(exits).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });
});
