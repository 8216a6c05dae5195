import { describe, expect, it } from 'vitest';
import { mdCode, mdText, renderMarkdown } from '../src/report/markdown.js';
import { SAMPLES, multiReport, nastyReport, partialReport, reachableReport, unknownReport } from './helpers/sample-reports.js';

/** Cells of a table row, splitting on pipes that are not escaped. */
const cells = (row: string) => row.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/);

/** Every table (consecutive lines starting with `|`) has one column count throughout. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const line of `${md}\n`.split('\n')) {
    if (line.startsWith('|')) cur.push(line);
    else if (cur.length > 0) { out.push(cur); cur = []; }
  }
  return out;
}

describe('renderMarkdown', () => {
  it('has a heading per function, a verdict table (target × subnet), broken paths and findings with fixes', () => {
    const md = renderMarkdown(partialReport);
    expect(md).toMatch(/^# vpcdoctor report\n/);
    expect(md).toContain('## `mobile-auth-handler` — ◐ partly reachable');
    expect(md).toContain('| Target | Verdict | `subnet-0a1b2c3d4e5f60001`<br>us-west-2a | `subnet-0a1b2c3d4e5f60002`<br>us-west-2b |');
    expect(md).toContain('| `internet`<br>0.0.0.0/0:443 | ◐ partly reachable | ✓ | ✗ **NAT_NO_PUBLIC_IP** |');
    expect(md).toContain('| `rds:mobile-auth-db`<br>mobile-auth-db.');
    expect(md).toContain('#### `internet` from subnet-0a1b2c3d4e5f60002 (us-west-2b) — ✗ unreachable');
    expect(md).not.toContain('from subnet-0a1b2c3d4e5f60001 (us-west-2a) —');
    expect(md).toMatch(/\| 5 \| \*\*✗\*\* \| NAT gateway \| `nat-0a1b2c3d4e5f60002` \| \*\*NAT_NO_PUBLIC_IP\*\*: /);
    expect(md).toContain('#### Errors');
    // The fix is on a line of its own (a bare newline would join it to the message's paragraph).
    expect(md).toMatch(/reaches the internet\.<br>\n {2}\*\*Fix:\*\* Allocate an Elastic IP/);
    expect(md).toContain('- **VPC:** `vpc-0a1b2c3d4e5f60001`');
    expect(md).not.toContain('|  |  |');
    expect(md.indexOf('#### Errors')).toBeLessThan(md.indexOf('#### Warnings'));
    expect(md.indexOf('#### Warnings')).toBeLessThan(md.indexOf('#### Info'));
  });

  it('has no broken-path section when everything is reachable', () => {
    const md = renderMarkdown(reachableReport);
    expect(md).not.toContain('### Broken paths');
    expect(md).toContain('**orders-api: all 3 targets reachable from both subnets.**');
  });

  it('shows unknown hops and their code', () => {
    const md = renderMarkdown(unknownReport);
    expect(md).toContain('| `internet`<br>0.0.0.0/0:443 | ? unknown | ? **PERMISSION_DENIED** |');
    expect(md).toMatch(/\| \*\*\?\*\* \| network ACL \| `acl-0a1b2c3d4e5f60021` \| \*\*PERMISSION_DENIED\*\*: /);
  });

  it('lists every function with its summary when there are several', () => {
    const md = renderMarkdown(multiReport);
    for (const fr of multiReport.functions) expect(md).toContain(`## \`${fr.function.name}\``);
    expect(md).toContain('- ◐ mobile-auth-handler: 2 of 3 targets partly reachable');
  });

  it.each(SAMPLES)('%s: every table keeps its column count', (_name, report) => {
    for (const table of tables(renderMarkdown(report))) {
      const n = cells(table[0]!).length;
      for (const row of table) expect(cells(row), row).toHaveLength(n);
    }
  });

  it('escapes hostile text: no raw HTML, no table breaks, no control characters', () => {
    const md = renderMarkdown(nastyReport);
    // Code spans show their content literally, so only the text outside them and the diagrams matters.
    const prose = md.replace(/```mermaid[\s\S]*?```/g, '').replace(/``[^`]*``|`[^`]*`/g, '');
    expect(prose.replace(/<br>/g, '')).not.toMatch(/[<>]/);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(md).toContain('&lt;tag&gt;');
  });

  it('escapes inline text and code spans', () => {
    expect(mdText('a_b _c_ *d* <e> | [f]')).toBe('a_b \\_c\\_ \\*d\\* &lt;e&gt; \\| \\[f\\]');
    expect(mdCode('a`b')).toBe('`` a`b ``');
    expect(mdCode('x|y')).toBe('`x\\|y`');
  });
});
