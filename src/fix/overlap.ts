// Several functions are planned one by one on the same snapshot (check --all, or several names):
// two plans must not change the same route table, create the same endpoint or give the same NAT
// gateway an address in the same AZ, or the second would fail half-way (or undo the first). The
// later plan is refused, naming the earlier one; applying that one often repairs both.
import type { FixPlan } from './types.js';

/** The resources a plan creates or changes that another plan could touch too. */
export function claimsOf(plan: FixPlan): string[] {
  const claims = new Set<string>();
  const literal = (value: unknown): value is string => typeof value === 'string' && !value.startsWith('$');
  for (const { action, params: p } of plan.steps) {
    if (literal(p.RouteTableId) && action !== 'CreateRouteTable') claims.add(`route table ${p.RouteTableId}`);
    if (literal(p.SubnetId) && /RouteTable|Exclusion/.test(action)) claims.add(`subnet ${p.SubnetId}`);
    if (literal(p.AssociationId)) claims.add(`association ${p.AssociationId}`);
    if (action === 'CreateVpcEndpoint') claims.add(`an endpoint for ${String(p.ServiceName)} in ${String(p.VpcId)}`);
    if (action === 'AssociateNatGatewayAddress') claims.add(`an address of ${String(p.NatGatewayId)} in ${String(p.AvailabilityZone)}`);
    if (action === 'CreateVpcBlockPublicAccessExclusion' && !p.SubnetId) claims.add(`an exclusion of ${String(p.VpcId)}`);
    // AWS refuses a rule that a group already has, whatever its description.
    if (action.startsWith('AuthorizeSecurityGroup') && literal(p.GroupId)) claims.add(`the rule ${JSON.stringify(p.IpPermissions, (k, v: unknown) => (k === 'Description' ? undefined : v))} of ${p.GroupId}`);
  }
  return [...claims];
}

/** Tracks the claims of the plans accepted so far in one run. */
export class PlanClaims {
  private readonly owners = new Map<string, string>();

  /** Null when the plan is free to go (its claims are then taken), else why it is refused. */
  claim(name: string, plan: FixPlan): string | null {
    const claims = claimsOf(plan);
    const taken = claims.filter((c) => this.owners.has(c) && this.owners.get(c) !== name);
    if (taken.length > 0) {
      const owner = this.owners.get(taken[0]!)!;
      return `the plan for ${owner} changes ${taken.join(', ')} too: apply that one first, then check ${name} again (it may be repaired by then)`;
    }
    for (const c of claims) this.owners.set(c, name);
    return null;
  }
}
