import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'RDS_PROXY_NOT_AVAILABLE',
  severity: 'error',
  title: 'RDS Proxy or its endpoint is not available',
  explanation:
    "The proxy's Status (DescribeDBProxies) or the endpoint's Status (DescribeDBProxyEndpoints) is not " +
    'available: creating, modifying, deleting, suspended, suspending, reactivating, incompatible-network or ' +
    'insufficient-resource-limits. Only an available proxy endpoint accepts connections. incompatible-network ' +
    "means RDS cannot place the proxy's interfaces in its subnets (a subnet deleted, out of addresses, or in " +
    'the wrong VPC); insufficient-resource-limits means an account quota (network interfaces, addresses) ran out.',
  remediation:
    'Wait for creating or modifying to finish (aws rds describe-db-proxies --db-proxy-name PROXY); for ' +
    "incompatible-network, give the proxy working subnets in two Availability Zones (aws rds modify-db-proxy " +
    '… or recreate it); for insufficient-resource-limits, free network interfaces or raise the quota, then ' +
    'modify the proxy so RDS tries again.',
  confirm: [
    'aws rds describe-db-proxies --db-proxy-name ${resource} --query "DBProxies[].[Status,VpcId,VpcSubnetIds]"',
    'aws rds describe-db-proxy-endpoints --db-proxy-name ${resource} --query "DBProxyEndpoints[].[DBProxyEndpointName,Status,VpcId]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: false,
  message: (e) => `RDS Proxy ${e.resource} is not available${detail(e)}, so it accepts no connections.`,
});
