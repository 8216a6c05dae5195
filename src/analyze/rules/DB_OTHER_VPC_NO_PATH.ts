import { defineRule, detail, where } from './define.js';
import { fillPlaceholders } from './remedy.js';

const RULE_TEXT =
  'Connect the VPCs: create and accept a peering connection (aws ec2 create-vpc-peering-connection, aws ec2 ' +
  'accept-vpc-peering-connection) or attach both to a transit gateway, then add routes on both sides (aws ec2 ' +
  'create-route --route-table-id rtb-ID --destination-cidr-block PEER_CIDR --vpc-peering-connection-id pcx-ID). ' +
  "Across Regions, open the database's security group to the function's CIDR, since security group " +
  'references do not cross Regions.';

export default defineRule({
  code: 'DB_OTHER_VPC_NO_PATH',
  severity: 'error',
  title: 'Database is in another VPC with no working route',
  explanation:
    'The database lives in a different VPC from the function. Traffic between VPCs needs an active VPC peering ' +
    "connection or a transit gateway, with routes both ways: the function subnet's route table must send the " +
    "database's CIDR to the pcx- or tgw-, and the database subnet's route table must send the function's CIDR " +
    'back. Here there is no active peering or transit gateway path, or the return route is missing, so the ' +
    'packets or the replies are dropped and the connection times out.',
  remediation: RULE_TEXT,
  remedy: (r) => {
    const table = r.subnetTable;
    if (!r.peerVpc || !table) return fillPlaceholders(RULE_TEXT, r.peerVpc ?? '', r);
    // The other VPC's block: from the peering connection, else looked up (a live run does not describe that VPC).
    const lookup = r.peerCidr ? '' : `PEER_CIDR=$(aws ec2 describe-vpcs --vpc-ids ${r.peerVpc} --query "Vpcs[0].CidrBlock" --output text); `;
    const peerCidr = r.peerCidr ?? '"$PEER_CIDR"';
    const back = `in the route tables of the database's subnets a route to ${r.vpcCidr ?? `${r.vpc}'s CIDR`}`;
    const route = (pcx: string) => `${lookup}aws ec2 create-route --route-table-id ${table} --destination-cidr-block ${peerCidr} --vpc-peering-connection-id ${pcx}`;
    if (r.peering && r.peeringState === 'pending-acceptance') {
      return `Have the owner of ${r.peerVpc} accept ${r.peering} (aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${r.peering}), then make sure of the routes: ${route(r.peering)}, and ${back} through ${r.peering}.`;
    }
    if (r.peering) return `${r.peering} joins the VPCs: route through it both ways where a route is missing: ${route(r.peering)}, and ${back} through ${r.peering}.`;
    return `Peer ${r.vpc} with ${r.peerVpc} and route both ways: PCX=$(aws ec2 create-vpc-peering-connection --vpc-id ${r.vpc} ` +
      `--peer-vpc-id ${r.peerVpc} --query VpcPeeringConnection.VpcPeeringConnectionId --output text) (with --peer-region and --peer-owner-id ` +
      'when it is in another Region or account); aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$PCX" (by its owner); ' +
      `${route('"$PCX"')}; and ${back} through "$PCX". A transit gateway attached to both ` +
      "VPCs works too. Across Regions, open the database's security group to the function's CIDR, since security group references do not cross Regions.";
  },
  confirm: [
    'aws rds describe-db-instances --db-instance-identifier ${resource} --query "DBInstances[].DBSubnetGroup.VpcId"',
    'aws ec2 describe-vpc-peering-connections --filters Name=status-code,Values=active ' +
      '--query "VpcPeeringConnections[].[RequesterVpcInfo.VpcId,AccepterVpcInfo.VpcId]"',
    'aws ec2 describe-transit-gateway-attachments --filters Name=resource-type,Values=vpc ' +
      '--query "TransitGatewayAttachments[].[TransitGatewayId,ResourceId,State]"',
  ],
  reachabilityAnalyzer: 'DISCONNECTED_VPCS',
  fixable: false,
  message: (e) =>
    `Database ${e.resource} is in another VPC with no active peering or transit gateway path` +
    `${where(e, 'from')}${detail(e)}.`,
});
