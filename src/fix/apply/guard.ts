// What undo may do: only the undo calls the planner itself writes (an allow-list), each on a
// resource this journal created (a reference to a step's output) or changed (named in the step it
// undoes). Checked for every step before the first call, so a bad journal changes nothing.
import { InputError } from '../../errors.js';
import { WAIT_ADDRESS_RELEASED, WAIT_DELETED, WAIT_ENDPOINT_DELETED, WAIT_EXCLUSION_DELETED, type FixStep } from '../types.js';
import type { Journal } from './journal.js';

/** Each undo action and the parameter naming the resource it acts on. */
const UNDO_TARGET: Record<string, string> = {
  DeleteNatGateway: 'NatGatewayId',
  [WAIT_DELETED]: 'NatGatewayIds',
  ReleaseAddress: 'AllocationId',
  DeleteSubnet: 'SubnetId',
  DeleteRouteTable: 'RouteTableId',
  DeleteRoute: 'RouteTableId',
  ReplaceRoute: 'RouteTableId',
  DisassociateRouteTable: 'AssociationId',
  ReplaceRouteTableAssociation: 'AssociationId',
  RevokeSecurityGroupEgress: 'SecurityGroupRuleIds',
  RevokeSecurityGroupIngress: 'SecurityGroupRuleIds',
  ModifyVpcEndpoint: 'VpcEndpointId',
  DisableVgwRoutePropagation: 'RouteTableId',
  DeleteVpcEndpoints: 'VpcEndpointIds',
  [WAIT_ENDPOINT_DELETED]: 'VpcEndpointIds',
  DeleteSecurityGroup: 'GroupId',
  DisassociateNatGatewayAddress: 'NatGatewayId',
  [WAIT_ADDRESS_RELEASED]: 'NatGatewayIds',
  DeleteVpcBlockPublicAccessExclusion: 'ExclusionId',
  [WAIT_EXCLUSION_DELETED]: 'ExclusionIds',
};

export const UNDO_ACTIONS = Object.keys(UNDO_TARGET);

/** The resource an undo call acts on, as its parameters name it. */
export function undoTarget(action: string, params: Record<string, unknown>): string {
  const key = UNDO_TARGET[action];
  return key ? [params[key]].flat().map(String).join(', ') : '?';
}

const REFERENCE = /^\$\{(\d+)\.[^}]+\}$/;

/** Every string anywhere in a step's parameters (the resources it named). */
function namedIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) namedIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) namedIn(v, into);
  return into;
}

export function checkUndoable(journal: Journal, path: string): void {
  const { steps } = journal.plan;
  if (journal.steps.length !== steps.length || journal.steps.some((s, i) => s.index !== i + 1 || s.action !== steps[i]!.action)) {
    throw new InputError(`${path}: its steps do not match its plan: refusing to undo`);
  }
  steps.forEach((step, i) => checkStep(step, i + 1, path));
}

function checkStep(step: FixStep, index: number, path: string): void {
  const named = namedIn(step.params);
  for (const undo of step.undo ?? []) {
    const key = UNDO_TARGET[undo.action];
    if (!key) throw new InputError(`${path}: step ${index} asks undo to run ${undo.action}, which vpcdoctor never writes: refusing to undo`);
    const targets = [undo.params?.[key]].flat();
    if (targets.length === 0 || targets.some((t) => t === undefined)) throw new InputError(`${path}: step ${index}'s ${undo.action} names no ${key}: refusing to undo`);
    for (const target of targets) {
      const reference = typeof target === 'string' ? REFERENCE.exec(target) : null;
      const created = reference !== null && Number(reference[1]) <= index;
      if (!created && !(typeof target === 'string' && named.has(target))) {
        throw new InputError(`${path}: step ${index}'s ${undo.action} acts on ${String(target)}, which this journal neither created nor changed: refusing to undo`);
      }
    }
  }
}
