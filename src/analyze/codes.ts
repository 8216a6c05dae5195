// Every finding code vpcdoctor can raise. Contract §6 names the first set; the rest were added
// for failure modes the contract's list does not separate. A code listed here without a rule
// file in rules/ fails to compile (see rules/index.ts).
export const FINDING_CODES = [
  'FUNCTION_NOT_IN_VPC',
  'FUNCTION_NOT_ACTIVE',
  'FUNCTION_SINGLE_AZ',
  'FUNCTION_NO_ENI',
  'SUBNET_FEW_FREE_IPS',
  'SUBNET_ROUTES_TO_IGW',
  'SG_EGRESS_DENIED',
  'SG_INGRESS_DENIED',
  'NACL_EGRESS_DENIED',
  'NACL_RETURN_DENIED',
  'NACL_EPHEMERAL_PARTIAL',
  'NO_ROUTE',
  'ROUTE_BLACKHOLE',
  'MORE_SPECIFIC_ROUTE',
  'ROUTE_TARGET_UNVERIFIABLE',
  'PEERING_NO_INTERNET',
  'NAT_NOT_AVAILABLE',
  'NAT_NO_PUBLIC_IP',
  'NAT_PRIVATE',
  'NAT_SUBNET_NO_IGW_ROUTE',
  'NAT_CROSS_AZ',
  'NAT_REGIONAL_AZ_NOT_SERVED',
  'IGW_NOT_ATTACHED',
  'VPC_BLOCK_PUBLIC_ACCESS',
  'VPC_DNS_DISABLED',
  'DNS_FIREWALL_BLOCKS',
  'DNS_CUSTOM_RESOLVER',
  'DNS_PRIVATE_ZONE_SHADOWS',
  'ENDPOINT_PRIVATE_DNS_OFF',
  'ENDPOINT_NOT_AVAILABLE',
  'ENDPOINT_NO_SUBNET_IN_AZ',
  'ENDPOINT_WRONG_SERVICE',
  'DB_NOT_AVAILABLE',
  'DB_OTHER_VPC_NO_PATH',
  'ADDRESS_NOT_IN_SUBNET',
  'ADDRESS_NOT_ASSIGNED',
  'IPV6_NOT_ALLOWED',
  'IPV6_SUBNET_NO_BLOCK',
  'TGW_ATTACHMENT_MISSING',
  'TGW_NO_ATTACHMENT_IN_AZ',
  'TGW_NO_ROUTE',
  'TGW_ROUTE_BLACKHOLE',
  'TGW_RETURN_ROUTE_MISSING',
  'TGW_APPLIANCE_MODE_OFF',
  'TGW_PEER_NOT_VISIBLE',
  'PERMISSION_DENIED',
  'DATA_NOT_COLLECTED',
  'PROBE_DISAGREES',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export function isFindingCode(value: string): value is FindingCode {
  return (FINDING_CODES as readonly string[]).includes(value);
}
