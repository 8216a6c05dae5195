// The repair plan (contract §5): typed steps, each an EC2 API call with its request parameters.
// "${N.Field}" in a parameter stands for the output of step N (1-based), resolved when it runs.

/** One API call that rolls a step back (its params may refer to any step's output, itself included). */
export interface UndoCall {
  action: string;
  params: Record<string, unknown>;
}

export interface FixStep {
  /** The EC2 API action name (AllocateAddress, …), or one of vpcdoctor's waits (WaitNatGatewayAvailable, …). */
  action: string;
  params: Record<string, unknown>;
  why: string;
  /** The IAM action the call needs, e.g. ec2:CreateNatGateway. */
  iamAction: string;
  /** Calls that roll the step back, run in order; absent = nothing to roll back (a wait). */
  undo?: UndoCall[];
  /** ReplaceRoute: where the route points when planned; the applier checks it is still so before replacing it. */
  expects?: Record<string, string>;
}

export interface FixPlan {
  steps: FixStep[];
  /** Why no safe plan exists (null when there is one). */
  refused: string | null;
  /** Set by proveFix: whether the plan, applied to the model, makes the targets reachable. Never true on a refused plan (absent when refused for another reason, e.g. an earlier plan of the run changes the same resources). */
  proved?: boolean;
  /** The finding codes the steps repair. */
  addresses?: string[];
  /** Findings left for a human, and why; and other things worth knowing (unused resources). */
  notes?: string[];
  /** Steps that add, change and destroy resources, as terraform plan counts them. */
  summary?: { add: number; change: number; destroy: number };
  /** The fixed monthly charge of what the plan creates, in USD (per-GB charges on top; docs/PRICING.md). */
  monthlyUsd?: number;
  /** The repairs not chosen, each with its size and cost. */
  alternatives?: string[];
  /** Changed resources that CloudFormation or Terraform owns. */
  warnings?: string[];
  /** What must still hold right before the first mutation (re-checked by the applier's pre-flight). */
  requires?: { internetGateways?: { internetGatewayId: string; vpcId: string }[] };
}

export const VIA = ['nat', 'endpoint', 'regional-nat'] as const;
export type Via = (typeof VIA)[number];

/** Account limits read live in the --fix path (absent offline: the plan says it could not check them). */
export interface FixLimits {
  /** DescribeAccountAttributes vpc-max-elastic-ips, and how many addresses DescribeAddresses lists. */
  elasticIps?: { max: number; used: number };
  /** DescribeVpcEndpointServices by service name: the AZs it is offered in, or null when the Region does not offer it. */
  endpointServices?: Record<string, { zones: string[] } | null>;
}

export interface PlanOptions {
  /** One NAT gateway per function AZ (new /28 public subnets where an AZ has none). */
  natPerAz?: boolean;
  /** How internet-bound traffic leaves: zonal NAT gateways (default), interface endpoints, or a regional NAT gateway. */
  via?: Via;
  limits?: FixLimits;
}

export const CREATED_BY_KEY = 'vpcdoctor:created-by';
export const CREATED_BY_VALUE = 'vpcdoctor';
export const WAIT_AVAILABLE = 'WaitNatGatewayAvailable';
export const WAIT_DELETED = 'WaitNatGatewayDeleted';
export const WAIT_EXCLUSION_COMPLETE = 'WaitVpcBlockPublicAccessExclusionComplete';
export const WAIT_EXCLUSION_DELETED = 'WaitVpcBlockPublicAccessExclusionDeleted';
/** Until the listed Elastic IPs have left the NAT gateway (DisassociateNatGatewayAddress is asynchronous). */
export const WAIT_ADDRESS_RELEASED = 'WaitNatGatewayAddressReleased';
export const WAIT_ENDPOINT_AVAILABLE = 'WaitVpcEndpointAvailable';
export const WAIT_ENDPOINT_DELETED = 'WaitVpcEndpointDeleted';
/** vpcdoctor's own steps: a Describe call polled, nothing changed. */
export const WAITS = new Set([WAIT_AVAILABLE, WAIT_DELETED, WAIT_ENDPOINT_AVAILABLE, WAIT_ENDPOINT_DELETED, WAIT_EXCLUSION_COMPLETE, WAIT_EXCLUSION_DELETED, WAIT_ADDRESS_RELEASED]);

/** TagSpecifications marking a resource as created by vpcdoctor. */
export function tagSpec(resourceType: string, name?: string): { ResourceType: string; Tags: { Key: string; Value: string }[] }[] {
  const tags = [{ Key: CREATED_BY_KEY, Value: CREATED_BY_VALUE }];
  if (name) tags.push({ Key: 'Name', Value: name });
  return [{ ResourceType: resourceType, Tags: tags }];
}

/** A reference to a field of step N's output. */
export function ref(step: number, field: string): string {
  return `\${${step}.${field}}`;
}
