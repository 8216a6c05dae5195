import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'SUBNET_FEW_FREE_IPS',
  severity: 'warning',
  title: 'Function subnet is running out of IP addresses',
  explanation:
    'Every Lambda network interface takes a private address from its subnet, and Lambda needs a free address ' +
    'whenever it creates a new one: after a VPC or security-group change, for a new function with a new ' +
    'subnet/security-group combination, or when an interface runs out of connection capacity. With few or no ' +
    'free addresses, updates fail or the function hangs in Pending and then Failed with SubnetOutOfIPAddresses. ' +
    'Other resources in the subnet (RDS, VPC endpoints, instances) draw from the same pool.',
  remediation:
    'Free addresses (delete unused network interfaces, instances or endpoints in the subnet) or give the ' +
    'function more room: create another subnet (add a secondary CIDR to the VPC with aws ec2 ' +
    "associate-vpc-cidr-block if needed) and add it to the function's VPC configuration. An existing subnet's " +
    'CIDR cannot be enlarged.',
  confirm: [
    'aws ec2 describe-subnets --subnet-ids ${resource} ' +
      '--query "Subnets[].[SubnetId,CidrBlock,AvailableIpAddressCount]"',
    'aws ec2 describe-network-interfaces --filters Name=subnet-id,Values=${resource} ' +
      '--query "NetworkInterfaces[].[NetworkInterfaceId,InterfaceType,Status]"',
  ],
  fixable: false,
  message: (e) =>
    `Subnet ${e.resource}${e.az ? ` (${e.az})` : ''} is running out of IP addresses${detail(e)}; ` +
    `Lambda may fail to create the network interfaces the function needs.`,
});
