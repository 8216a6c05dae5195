// Findings about the function as a whole: its state, its subnets' spread and free addresses.
import type { LambdaFunction } from '../snapshot/types.js';
import type { NetworkModel } from '../model/network.js';
import type { FindingCollector } from './findings.js';

const FEW_FREE_IPS = 16;

export function checkFunctionState(fn: LambdaFunction, name: string, findings: FindingCollector): 'failed' | 'degraded' | 'ok' {
  const state = fn.State;
  const lastUpdate = fn.LastUpdateStatus;
  if (state === 'Failed') {
    const reason = [fn.StateReasonCode, fn.StateReason].filter(Boolean).join(': ');
    findings.raise({ code: 'FUNCTION_NOT_ACTIVE', evidence: { resource: name, detail: `State Failed${reason ? ` (${reason})` : ''}` }, severity: 'error' });
    return 'failed';
  }
  if (lastUpdate === 'Failed') {
    const reason = [fn.LastUpdateStatusReasonCode, fn.LastUpdateStatusReason].filter(Boolean).join(': ');
    findings.raise({ code: 'FUNCTION_NOT_ACTIVE', evidence: { resource: name, detail: `LastUpdateStatus Failed${reason ? ` (${reason})` : ''}: it still runs its previous configuration` }, severity: 'warning' });
    return 'degraded';
  }
  if (state && state !== 'Active') {
    const reason = fn.StateReasonCode ? ` (${fn.StateReasonCode})` : '';
    findings.raise({ code: 'FUNCTION_NOT_ACTIVE', evidence: { resource: name, detail: `State ${state}${reason}` }, severity: 'warning' });
    return 'degraded';
  }
  return 'ok';
}

export function checkSubnets(model: NetworkModel, subnetIds: string[], name: string, findings: FindingCollector): void {
  const zones = new Set<string>();
  for (const subnetId of subnetIds) {
    const subnet = model.subnets.get(subnetId);
    if (!subnet) continue;
    if (subnet.AvailabilityZone) zones.add(subnet.AvailabilityZone);
    const free = subnet.AvailableIpAddressCount;
    if (free !== undefined && free < FEW_FREE_IPS) {
      findings.raise({
        code: 'SUBNET_FEW_FREE_IPS', subnetId, severity: free === 0 ? 'error' : 'warning',
        evidence: { resource: subnetId, detail: `${free} free address${free === 1 ? '' : 'es'} left` },
      });
    }
  }
  if (zones.size === 1) {
    findings.raise({ code: 'FUNCTION_SINGLE_AZ', evidence: { resource: name, detail: [...zones][0] } });
  }
}
