import { defineRule, detail, where } from './define.js';

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
  remediation:
    'Connect the VPCs: create and accept a peering connection (aws ec2 create-vpc-peering-connection, aws ec2 ' +
    'accept-vpc-peering-connection) or attach both to a transit gateway, then add routes on both sides (aws ec2 ' +
    'create-route --route-table-id rtb-ID --destination-cidr-block PEER_CIDR --vpc-peering-connection-id pcx-ID). ' +
    "Across Regions, open the database's security group to the function's CIDR, since security group " +
    'references do not cross Regions.',
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
