// What a plan adds, changes and destroys (as terraform plan counts them) and what it costs a
// month. Prices: docs/PRICING.md (us-east-1/us-west-2 list prices; other Regions differ a little).
import type { FixPlan, FixStep } from './types.js';

export const PRICES = {
  source: 'https://aws.amazon.com/vpc/pricing/ and https://aws.amazon.com/privatelink/pricing/',
  region: 'us-east-1, us-east-2, us-west-2',
  date: '2026-12-01',
  hoursPerMonth: 730,
  natGatewayHour: 0.045,
  /** A regional NAT gateway bills the NAT gateway-hour for each AZ it is active in (docs/PRICING.md). */
  regionalNatAzHour: 0.045,
  natGatewayGb: 0.045,
  publicIpv4Hour: 0.005,
  interfaceEndpointAzHour: 0.01,
  interfaceEndpointGb: 0.01,
  /** Data transfer between AZs of one Region, charged in each direction. */
  crossAzGb: 0.01,
} as const;

const ADDS = /^(Allocate|Create|Associate|Authorize)/;
const CHANGES = /^(Replace|Modify|Enable|Disable)/;
const DESTROYS = /^(Delete|Release|Disassociate|Revoke)/;

export interface Summary {
  add: number;
  change: number;
  destroy: number;
}

export function summarize(steps: FixStep[]): Summary {
  const count = (pattern: RegExp) => steps.filter((s) => pattern.test(s.action)).length;
  return { add: count(ADDS), change: count(CHANGES), destroy: count(DESTROYS) };
}

export interface Cost {
  /** Fixed monthly charge in USD, from the hours the created resources bill. */
  monthlyUsd: number;
  /** The fixed charges by item, and the per-GB charges that come on top. */
  items: string[];
  perGb: string[];
}

const money = (usd: number): string => `$${usd.toFixed(2)}`;

export function costOf(steps: FixStep[]): Cost {
  const hours = PRICES.hoursPerMonth;
  const creates = steps.filter((s) => s.action === 'CreateNatGateway');
  const nats = creates.filter((s) => s.params.AvailabilityMode !== 'regional').length;
  const regionalAzs = creates.filter((s) => s.params.AvailabilityMode === 'regional')
    .reduce((n, s) => n + ((s.params.AvailabilityZoneAddresses as unknown[] | undefined)?.length ?? 1), 0)
    + steps.filter((s) => s.action === 'AssociateNatGatewayAddress' && s.params.AvailabilityZone).length;
  const ips = steps.filter((s) => s.action === 'AllocateAddress').length;
  const endpointAzs = steps.filter((s) => s.action === 'CreateVpcEndpoint' && s.params.VpcEndpointType === 'Interface')
    .reduce((n, s) => n + ((s.params.SubnetIds as unknown[] | undefined)?.length ?? 1), 0);
  const items: string[] = [];
  const perGb: string[] = [];
  let total = 0;
  const item = (count: number, what: string, hourly: number) => {
    if (count === 0) return;
    const usd = count * hourly * hours;
    total += usd;
    items.push(`${count} ${what} × ${hours} h × $${hourly}/h = ${money(usd)}`);
  };
  item(nats, nats === 1 ? 'NAT gateway' : 'NAT gateways', PRICES.natGatewayHour);
  item(regionalAzs, regionalAzs === 1 ? 'regional NAT gateway AZ' : 'regional NAT gateway AZs', PRICES.regionalNatAzHour);
  item(ips, ips === 1 ? 'public IPv4 address' : 'public IPv4 addresses', PRICES.publicIpv4Hour);
  item(endpointAzs, endpointAzs === 1 ? 'interface endpoint AZ' : 'interface endpoint AZs', PRICES.interfaceEndpointAzHour);
  if (nats + regionalAzs > 0) perGb.push(`NAT data processing $${PRICES.natGatewayGb}/GB`);
  if (endpointAzs > 0) perGb.push(`endpoint data processing $${PRICES.interfaceEndpointGb}/GB`);
  return { monthlyUsd: Math.round(total * 100) / 100, items, perGb };
}

export function summaryLine(plan: FixPlan): string {
  const s = summarize(plan.steps);
  const cost = costOf(plan.steps);
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy. Monthly cost: ${money(cost.monthlyUsd)}${cost.perGb.length > 0 ? ` + ${cost.perGb[0]}` : ''} (prices of ${PRICES.date}, docs/PRICING.md)`;
}

export function describeCost(steps: FixStep[]): string {
  const cost = costOf(steps);
  const fixed = cost.items.length > 0 ? cost.items.join('; ') : 'no hourly charge';
  return `${money(cost.monthlyUsd)}/month (${fixed})${cost.perGb.length > 0 ? `, plus ${cost.perGb.join(', ')}` : ''}`;
}
