import { defineRule, detail, where } from './define.js';

export default defineRule({
  code: 'RDS_PROXY_OTHER_VPC',
  severity: 'error',
  title: 'Proxy endpoint in another VPC, no route',
  explanation:
    "The proxy endpoint the function connects to lives in a different VPC from the function (a proxy's " +
    'default endpoint is in the proxy\'s VPC; an endpoint created with create-db-proxy-endpoint can be in ' +
    'any VPC). Traffic between VPCs needs an active peering connection or a transit gateway with routes both ' +
    'ways. Here the route, the peering connection or the return route is missing, so the connection times out. ' +
    "The usual repair is the other way round: create a proxy endpoint in the function's own VPC.",
  remediation:
    "Create an endpoint of the proxy in the function's VPC (aws rds create-db-proxy-endpoint --db-proxy-name " +
    'PROXY --db-proxy-endpoint-name NAME --vpc-subnet-ids subnet-A subnet-B --vpc-security-group-ids sg-ID) ' +
    'and point the function at its host; or connect the VPCs with a peering connection or transit gateway and ' +
    'routes on both sides.',
  remedy: (r, e) => {
    const p = r.proxy;
    if (!p || r.functionSubnets.length === 0) return e.resource;
    const vpc = p.functionVpc;
    const name = `${p.name}-${vpc}`.slice(0, 63);
    const group = `SG=$(aws ec2 create-security-group --vpc-id ${vpc} --group-name vpcdoctor-proxy-${p.name} --description "RDS Proxy endpoint for ${r.functionName}" --query GroupId --output text); ` +
      p.functionGroups.map((g) => `aws ec2 authorize-security-group-ingress --group-id "$SG" --protocol tcp --port ${p.port} --source-group ${g}`).join('; ');
    return `Give proxy ${p.name} an endpoint in the function's VPC ${vpc}, so no path between VPCs is needed: ${group}; ` +
      `aws rds create-db-proxy-endpoint --db-proxy-name ${p.name} --db-proxy-endpoint-name ${name} --vpc-subnet-ids ${r.functionSubnets.join(' ')} --vpc-security-group-ids "$SG"; ` +
      `then, once aws rds describe-db-proxy-endpoints --db-proxy-endpoint-name ${name} --query "DBProxyEndpoints[0].[Status,Endpoint]" shows it available, ` +
      `point the function at that Endpoint host. Or connect ${vpc} and ${r.peerVpc ?? 'the proxy endpoint\'s VPC'} (peering or a transit gateway) with routes both ways.`;
  },
  confirm: [
    'aws rds describe-db-proxy-endpoints --db-proxy-endpoint-name ${resource} --query "DBProxyEndpoints[].[VpcId,VpcSubnetIds,Status]"',
    'aws ec2 describe-vpc-peering-connections --filters Name=status-code,Values=active ' +
      '--query "VpcPeeringConnections[].[RequesterVpcInfo.VpcId,AccepterVpcInfo.VpcId]"',
  ],
  reachabilityAnalyzer: 'DISCONNECTED_VPCS',
  fixable: false,
  message: (e) => `Proxy endpoint ${e.resource} is in another VPC with no working path${where(e, 'from')}${detail(e)}.`,
});
