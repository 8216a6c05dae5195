// check --fix --plan-out and apply PLAN, offline: what a plan file holds, its seal, the
// fingerprints of what the plan relies on, and the refusal (naming what changed) once the network
// no longer matches. The live half (lock, applier) is in fix-apply.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { InputError } from '../src/errors.js';
import {
  checkNetworkUnchanged, checkPlanStillHolds, checkSamePlan, existingJournalKey, fingerprint, journalKey, originOfSnapshot, planFix, planResources, proveFix, readPlanFile, writePlanFile,
  PLAN_FORMAT, type FixPlan, type PlanDocument,
} from '../src/fix/index.js';
import { seal } from '../src/fix/apply/seal.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { fixture, vpcdoctor } from './helpers/cli.js';

const FUNCTION = 'mobile-auth-handler';
const load = (name = 'seed'): Snapshot => parseSnapshot(readFileSync(fixture(name), 'utf8'), name);

function documentFor(snapshot: Snapshot): PlanDocument {
  const report = analyze(snapshot, { functions: [FUNCTION] });
  const plan: FixPlan = planFix(snapshot, report);
  const proof = proveFix(snapshot, plan, { functions: [FUNCTION] }, report);
  plan.proved = proof.proved;
  const fn = report.functions[0]!.function;
  return {
    vpcdoctorPlan: PLAN_FORMAT, createdAt: '2026-12-02T00:00:00Z', vpcdoctorVersion: 'test', function: FUNCTION, options: {}, functionSubnets: fn.subnetIds,
    origin: originOfSnapshot(snapshot, fn.vpcId!, {}), verdictBefore: report.functions[0]!.verdict, verdictAfter: proof.after.functions[0]!.verdict,
    plan, fingerprints: fingerprint(snapshot, planResources(snapshot, plan, fn.subnetIds), plan),
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-plan-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
});

describe('the plan file', () => {
  it('holds the steps as the applier sends them, the origin, both verdicts and a fingerprint of every resource relied on', () => {
    const snapshot = load();
    const document = documentFor(snapshot);
    expect(document.origin).toEqual({ account: '123456789012', region: 'us-west-2', vpcId: 'vpc-6144d219' });
    expect([document.verdictBefore, document.verdictAfter]).toEqual(['unreachable', 'reachable']);
    // Both repointed tables, the NAT gateway their undo restores, the function subnets, the IGW the new table routes to, the VPC.
    expect(Object.keys(document.fingerprints)).toEqual(expect.arrayContaining(['rtb-e8780b93', 'rtb-0cfe79f929a6b41a4', 'nat-01e3ffe9cc512d1df', 'subnet-b94c40f2', 'subnet-d6e605ae', 'igw-509d6629', 'vpc-6144d219']));
    expect(document.fingerprints['rtb-e8780b93']!.state).toMatchObject({ Routes: expect.arrayContaining([expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-01e3ffe9cc512d1df' })]) });
    const path = join(dir, 'plan.json');
    writePlanFile(path, document, journalKey());
    const read = readPlanFile(path, journalKey);
    expect(read.sealedHere).toBe(true);
    expect(read.document.plan.steps).toEqual(document.plan.steps);
    expect(read.document.fingerprints).toEqual(document.fingerprints);
    expect(read.document.options).toEqual({});
  });

  it('fingerprints do not depend on the order AWS lists routes, associations or rules in', () => {
    const snapshot = load();
    const document = documentFor(snapshot);
    const shuffled = structuredClone(snapshot);
    for (const table of shuffled.ec2.RouteTables ?? []) table.Routes?.reverse();
    shuffled.ec2.RouteTables?.reverse();
    expect(fingerprint(shuffled, Object.keys(document.fingerprints), document.plan)).toEqual(document.fingerprints);
  });

  const edits: [string, (text: string) => string, RegExp][] = [
    ['an edited step', (t) => t.replace('"DestinationCidrBlock": "0.0.0.0/0"', '"DestinationCidrBlock": "0.0.0.0/1"'), /does not match its seal: edited after it was written/],
    ['an edited fingerprint', (t) => t.replace(/"sha256": "[0-9a-f]/, '"sha256": "x'), /does not match its seal/],
    ['an edited option', (t) => t.replace('"options": {}', '"options": {"via": "endpoint"}'), /does not match its seal/],
    ['the seal stripped, its key name kept', (t) => t.replace(/,\s*"mac": "[0-9a-f]+"/, ''), /does not match its seal/],
    ['truncated', (t) => t.slice(0, 200), /truncated or not JSON/],
    ['another format', (t) => t.replace('"vpcdoctorPlan": 2', '"vpcdoctorPlan": 9'), /plan format 9; this vpcdoctor reads formats 1 and 2/],
    ['a malformed step from elsewhere', (t) => t.replace(/,\s*"mac": "[0-9a-f]+"/, '').replace(/"sealedBy": "[0-9a-f]+"/, '"sealedBy": "elsewhere"').replace('"action": "AllocateAddress"', '"action": 7'), /not a vpcdoctor plan: plan\.steps is not a list of calls/],
    ['unknown options from elsewhere', (t) => t.replace(/"sealedBy": "[0-9a-f]+"/, '"sealedBy": "elsewhere"').replace('"options": {}', '"options": {"via": "teleport"}'), /not a vpcdoctor plan: options is not/],
  ];
  it.each(edits)('refuses %s (exit 2)', (_name, edit, message) => {
    const path = join(dir, 'plan.json');
    writePlanFile(path, documentFor(load()), journalKey());
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    const error = (() => { try { readPlanFile(path, journalKey); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('reads a plan sealed by another user or machine, or not sealed, as written elsewhere (apply then plans again)', () => {
    const path = join(dir, 'plan.json');
    const document = documentFor(load());
    writePlanFile(path, document, journalKey());
    process.env.XDG_STATE_HOME = join(dir, 'someone-else');
    expect(readPlanFile(path, existingJournalKey)).toEqual({ document: { ...document, plan: JSON.parse(JSON.stringify(document.plan)) }, sealedHere: false });
    expect(readPlanFile(path, journalKey).sealedHere).toBe(false);
    const bare = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete bare.mac;
    delete bare.sealedBy;
    writeFileSync(path, JSON.stringify(bare));
    expect(readPlanFile(path, journalKey).sealedHere).toBe(false);
  });

  it('still reads an old format 1 plan sealed here, and refuses one from elsewhere (it records no options to plan again with)', () => {
    const path = join(dir, 'plan.json');
    const { options: _options, ...old } = { ...documentFor(load()), vpcdoctorPlan: 1 as const };
    const body = JSON.parse(JSON.stringify(old)) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...body, mac: seal(JSON.stringify(body), journalKey()) }));
    expect(readPlanFile(path, journalKey)).toMatchObject({ sealedHere: true, document: { vpcdoctorPlan: 1 } });
    process.env.XDG_STATE_HOME = join(dir, 'someone-else');
    expect(() => readPlanFile(path, journalKey)).toThrow(/a format 1 plan applies only where it was written/);
  });
});

describe('checkPlanStillHolds (apply PLAN, before anything is sent)', () => {
  it('passes on the network the plan was made on', () => {
    const snapshot = load();
    expect(checkPlanStillHolds(documentFor(snapshot), structuredClone(snapshot), 'plan.json').functions[0]!.verdict).toBe('unreachable');
  });

  const changes: [string, (s: Snapshot) => void, RegExp][] = [
    ['a repointed route', (s) => { s.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-e8780b93')!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!.NatGatewayId = 'nat-0someoneelse'; },
      /rtb-e8780b93: Routes -\{.*"NatGatewayId":"nat-01e3ffe9cc512d1df".* \+\{.*"NatGatewayId":"nat-0someoneelse"/],
    ['a NAT gateway deleted', (s) => { s.ec2.NatGateways!.find((n) => n.NatGatewayId === 'nat-01e3ffe9cc512d1df')!.State = 'deleted'; }, /nat-01e3ffe9cc512d1df: State was "available", now "deleted"/],
    ['the internet gateway detached', (s) => { s.ec2.InternetGateways!.find((g) => g.InternetGatewayId === 'igw-509d6629')!.Attachments = []; }, /igw-509d6629: Attachments -/],
    ['a function subnet moved to another table', (s) => {
      const table = s.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-e8780b93')!;
      table.Associations = table.Associations!.filter((a) => a.SubnetId !== 'subnet-b94c40f2');
    }, /subnet-b94c40f2: routeTable was "rtb-e8780b93", now "rtb-/],
    ['a new subnet where the plan would create one', (s) => { s.ec2.Subnets!.push({ ...s.ec2.Subnets![0]!, SubnetId: 'subnet-0new', CidrBlock: '172.31.0.0/28' }); }, /vpc-6144d219: subnetCidrs .*\+"172\.31\.0\.0\/28"/],
    ['the function in other subnets', (s) => { s.functions[0]!.VpcConfig!.SubnetIds = ['subnet-b94c40f2']; }, /mobile-auth-handler's subnets are now subnet-b94c40f2 \(were /],
  ];
  it.each(changes)('refuses %s, naming the resource and what changed (exit 2)', (_name, change, message) => {
    const snapshot = load();
    const document = documentFor(snapshot);
    const live = structuredClone(snapshot);
    change(live);
    const error = (() => { try { checkPlanStillHolds(document, live, 'plan.json'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^the network no longer matches plan\.json: /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/nothing applied/);
  });

  it('ignores what the plan does not rely on (free addresses, another subnet\'s tags)', () => {
    const snapshot = load();
    const document = documentFor(snapshot);
    const live = structuredClone(snapshot);
    for (const subnet of live.ec2.Subnets ?? []) Object.assign(subnet, { AvailableIpAddressCount: 3, Tags: [{ Key: 'team', Value: 'x' }] });
    expect(() => checkPlanStillHolds(document, live, 'plan.json')).not.toThrow();
  });
});

describe('checkSamePlan (apply PLAN: the file must be the plan vpcdoctor makes now)', () => {
  /** The plan made again on `live` from the document's options, as apply does (no account limits offline). */
  function replan(document: PlanDocument, live: Snapshot): FixPlan {
    const report = checkNetworkUnchanged(document, live, 'plan.json');
    return planFix(live, report, undefined, document.options);
  }
  const refusal = (document: PlanDocument, live: Snapshot): Error | undefined => {
    try { checkSamePlan(document, replan(document, live), live, 'plan.json'); } catch (e) { return e as Error; }
    return undefined;
  };

  it('passes when the network and the file are as planned', () => {
    const snapshot = load();
    expect(refusal(documentFor(snapshot), structuredClone(snapshot))).toBeUndefined();
  });

  it('is deterministic: planning the same network twice gives the same plan, so nothing per run needs normalising', () => {
    const snapshot = load();
    const report = analyze(snapshot, { functions: [FUNCTION] });
    expect(JSON.stringify(planFix(structuredClone(snapshot), report))).toBe(JSON.stringify(planFix(snapshot, report)));
  });

  const edits: [string, (d: PlanDocument) => void, RegExp][] = [
    ['an injected DeleteVpc', (d) => { d.plan.steps.splice(1, 0, { action: 'DeleteVpc', params: { VpcId: 'vpc-6144d219' }, why: 'cleanup', iamAction: 'ec2:DeleteVpc' }); },
      /step 2 differs \(action, iamAction, params, undo, why\): the file has DeleteVpc \{"VpcId":"vpc-6144d219"\}, planning now gives CreateRoute /],
    ['a changed route target', (d) => { d.plan.steps.find((s) => s.action === 'ReplaceRoute')!.params.NatGatewayId = 'nat-0evil'; }, /step \d+ differs \(params\): the file has ReplaceRoute \{[^}]*"NatGatewayId":"nat-0evil"/],
    ['an appended step', (d) => { d.plan.steps.push({ action: 'DeleteRouteTable', params: { RouteTableId: 'rtb-e8780b93' }, why: 'x', iamAction: 'ec2:DeleteRouteTable' }); }, /step \d+ \(DeleteRouteTable .*\) is not in the plan made now/],
    ['a dropped undo call', (d) => { delete d.plan.steps[0]!.undo; }, /step 1 differs \(undo\)/],
    ['an edited reason', (d) => { d.plan.steps[0]!.why = 'harmless'; }, /step 1 differs \(why\)/],
    ['a lowered cost', (d) => { d.plan.monthlyUsd = 0; }, /its monthlyUsd is 0, planning now gives \d/],
    ['a fingerprint cut out', (d) => { delete d.fingerprints['rtb-e8780b93']; }, /relies on rtb-e8780b93, which the file does not fingerprint/],
    ['an option changed with the steps left', (d) => { d.options = { via: 'regional-nat' }; }, /for mobile-auth-handler --via regional-nat .*step 1 differs/],
  ];
  it.each(edits)('refuses %s (exit 2), naming the first difference', (_name, edit, message) => {
    const snapshot = load();
    const document = documentFor(snapshot);
    edit(document);
    const error = refusal(document, structuredClone(snapshot));
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/^plan\.json is not the plan vpcdoctor makes now for mobile-auth-handler/);
    expect(error!.message).toMatch(message);
    expect(error!.message).toMatch(/nothing applied/);
  });
});

describe('the binary: check --fix --plan-out, apply', () => {
  it('writes the plan offline from a snapshot, applies nothing, and apply refuses it once edited (exit 2, before any AWS call)', () => {
    const env = { XDG_STATE_HOME: join(dir, 'state') };
    const path = join(dir, 'plan.json');
    const run = vpcdoctor(['check', FUNCTION, '--snapshot', fixture('seed'), '--fix', '--plan-out', path], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/plan written to .*plan\.json \(9 steps, \d+ resources fingerprinted\); nothing applied\. Apply it with: vpcdoctor apply .*plan\.json --region us-west-2/);
    const document = JSON.parse(readFileSync(path, 'utf8')) as PlanDocument;
    expect(document.plan.steps.map((s) => s.action)).toContain('CreateNatGateway');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"NatGatewayId": "nat-01e3ffe9cc512d1df"', '"NatGatewayId": "nat-0evil"'));
    const apply = vpcdoctor(['apply', path, '--yes'], { env });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toMatch(/does not match its seal/);
    expect(apply.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses --plan-out without --fix, and with --yes', () => {
    expect(vpcdoctor(['check', FUNCTION, '--snapshot', fixture('seed'), '--plan-out', 'x.json']).stderr).toMatch(/--plan-out goes with --fix/);
    expect(vpcdoctor(['check', FUNCTION, '--snapshot', fixture('seed'), '--fix', '--yes', '--plan-out', 'x.json']).code).toBe(2);
  });
});
