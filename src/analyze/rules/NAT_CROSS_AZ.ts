import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'NAT_CROSS_AZ',
  severity: 'warning',
  title: 'Function subnet uses a NAT gateway in another AZ',
  explanation:
    "The function subnet's route sends internet traffic to a zonal NAT gateway in a different Availability " +
    "Zone. It works today, but if the NAT gateway's zone has an outage, every zone that shares it loses " +
    'internet access too, and all of the traffic pays cross-AZ data transfer on top of NAT processing charges. ' +
    'AWS recommends one NAT gateway per Availability Zone, used by the subnets of its own zone.',
  remediation:
    "Create a NAT gateway in a public subnet of the function subnet's AZ and point that subnet's route table at " +
    'it (aws ec2 create-nat-gateway --subnet-id subnet-PUBLIC --allocation-id eipalloc-ID; then aws ec2 ' +
    'replace-route --route-table-id rtb-ID --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-NEW). ' +
    'Subnets in different AZs need separate route tables for this. A regional NAT gateway is an alternative.',
  remedy: (r) => {
    const table = r.subnetTable ?? `the route table of ${r.subnet}`;
    const split = r.tableSharedAcrossAz ? ` ${table} also serves function subnets of other AZs: give ${r.subnet} its own table first (\`vpcdoctor check ${r.functionName} --fix --nat-per-az\` plans it).` : '';
    const route = (target: string) => `aws ec2 replace-route --route-table-id ${table} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${target}`;
    if (r.nat && r.natAz === r.az) return `Use ${r.nat}, a working NAT gateway in ${r.az}: ${route(r.nat)}.${split}`;
    if (r.publicSubnet && r.publicSubnetAz === r.az) {
      return `Create a NAT gateway in ${r.publicSubnet}, a public subnet of ${r.az}, and point ${table} at it: ` +
        'EIP=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text); ' +
        `NAT=$(aws ec2 create-nat-gateway --subnet-id ${r.publicSubnet} --allocation-id "$EIP" --query NatGateway.NatGatewayId --output text); ` +
        `aws ec2 wait nat-gateway-available --nat-gateway-ids "$NAT"; ${route('"$NAT"')}.${split}`;
    }
    return `${r.az}, the AZ of ${r.subnet}, has no public subnet for a NAT gateway of its own: \`vpcdoctor check ${r.functionName} --fix --nat-per-az\` plans one ` +
      `(a /28 public subnet, an Elastic IP and a NAT gateway). A regional NAT gateway is an alternative.${split}`;
  },
  confirm: [
    'aws ec2 describe-subnets --subnet-ids $(aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} ' +
      '--query "NatGateways[].SubnetId" --output text) --query "Subnets[].AvailabilityZone"',
    'aws ec2 describe-subnets --subnet-ids <function-subnet-id> --query "Subnets[].AvailabilityZone"',
  ],
  fixable: true,
  message: (e) =>
    `${e.subnet ? `Subnet ${e.subnet}` : 'The function subnet'}${e.az ? ` in ${e.az}` : ''} uses NAT gateway ` +
    `${e.resource} in another Availability Zone${detail(e)}, so an outage there cuts it off too and its ` +
    `traffic pays cross-AZ charges.`,
});
