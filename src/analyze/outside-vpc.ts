// A function without VPC configuration egresses through Lambda's own network: public targets are
// reachable, private ones (a database in a VPC, a private address) are not.
import type { NetworkModel } from '../model/network.js';
import type { FindingCollector } from './findings.js';
import type { Target } from './targets.js';
import type { Hop, PathResult } from './types.js';
import { pathVerdict } from './verdicts.js';

const LAMBDA_NETWORK = 'lambda-managed network';

export function outsideVpcPath(model: NetworkModel, target: Target, findings: FindingCollector, name: string): PathResult {
  const { goal } = target;
  const hops: Hop[] = [];
  if (goal.kind === 'public') {
    hops.push({ kind: 'internet', id: goal.host ?? goal.address?.text ?? 'internet', ok: true, detail: `reached through Lambda's own network (${goal.port}/tcp)` });
  } else if (goal.kind === 'public6') {
    hops.push({ kind: 'internet', id: target.spec, ok: null, detail: 'IPv6 egress of a function outside a VPC is not modelled' });
  } else if (goal.kind === 'database' && goal.database.host && isPubliclyAccessible(model, goal.database.id)) {
    hops.push({ kind: 'database', id: goal.database.id, ok: null, detail: 'publicly accessible: reachable only if its security groups admit Lambda\'s public addresses, which vpcdoctor cannot know' });
  } else {
    findings.raise({ code: 'FUNCTION_NOT_IN_VPC', evidence: { resource: name, detail: `${target.spec} is private` }, target: target.spec, severity: 'error' });
    const id = goal.kind === 'database' ? goal.database.id : goal.kind === 'proxy' ? goal.proxy.name : goal.address.text;
    hops.push({ kind: goal.kind === 'database' ? 'database' : goal.kind === 'proxy' ? 'rds-proxy' : 'network-interface', id, ok: false, detail: 'a function outside a VPC cannot reach private addresses', codes: ['FUNCTION_NOT_IN_VPC'] });
  }
  return { subnetId: LAMBDA_NETWORK, availabilityZone: '', verdict: pathVerdict(hops), hops };
}

function isPubliclyAccessible(model: NetworkModel, id: string): boolean {
  return model.dbInstances.get(id)?.PubliclyAccessible === true || model.dbClusters.get(id)?.PubliclyAccessible === true;
}
