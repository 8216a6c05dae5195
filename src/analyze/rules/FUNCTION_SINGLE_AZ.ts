import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'FUNCTION_SINGLE_AZ',
  severity: 'warning',
  title: "All of the function's subnets are in one Availability Zone",
  explanation:
    'Lambda runs a VPC function only in the Availability Zones of the subnets it is given. With every subnet in ' +
    'one AZ, an outage or capacity problem in that zone stops the function entirely, and Lambda cannot move ' +
    'invocations elsewhere. Traffic works today; this is a resilience warning. AWS recommends giving a VPC ' +
    'function subnets in at least two Availability Zones.',
  remediation:
    'Add a private subnet in another AZ, with routing equivalent to the existing one (its own route table ' +
    'sending 0.0.0.0/0 to a NAT gateway in that AZ), to the function: Lambda console > Configuration > VPC > ' +
    'Edit, or aws lambda update-function-configuration --function-name NAME ' +
    '--vpc-config SubnetIds=subnet-a,subnet-b,SecurityGroupIds=sg-x.',
  confirm: [
    'aws lambda get-function-configuration --function-name ${resource} --query VpcConfig.SubnetIds',
    'aws ec2 describe-subnets --subnet-ids $(aws lambda get-function-configuration --function-name ${resource} ' +
      '--query VpcConfig.SubnetIds --output text) --query "Subnets[].[SubnetId,AvailabilityZone]"',
  ],
  fixable: false,
  message: (e) =>
    `Function ${e.resource} has all of its subnets in ${e.az ?? 'one Availability Zone'}${detail(e)}, ` +
    `so an outage of that zone stops it.`,
});
