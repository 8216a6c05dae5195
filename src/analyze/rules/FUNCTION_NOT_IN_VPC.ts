import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'FUNCTION_NOT_IN_VPC',
  severity: 'warning',
  title: 'Function is not connected to a VPC',
  explanation:
    'The function has no VPC configuration (no subnets), so Lambda runs it on its own AWS-managed network. ' +
    'From there it reaches the public internet and public AWS endpoints such as SES without any NAT gateway, ' +
    'but it has no address inside your VPC: a database or any other resource that only has a private address ' +
    '(an RDS instance that is not publicly accessible, a service whose security group admits only VPC ranges) ' +
    'cannot be reached, and connections to it fail or time out.',
  remediation:
    'If the function needs private resources, attach it to the VPC: Lambda console > Configuration > VPC > Edit, ' +
    'choose private subnets in at least two AZs (routed to a NAT gateway if it also needs the internet) and a ' +
    'security group, or run aws lambda update-function-configuration --function-name NAME ' +
    '--vpc-config SubnetIds=subnet-a,subnet-b,SecurityGroupIds=sg-x. The execution role needs the ' +
    'AWSLambdaVPCAccessExecutionRole managed policy.',
  confirm: [
    'aws lambda get-function-configuration --function-name ${resource} --query VpcConfig',
  ],
  fixable: false,
  message: (e) =>
    `Function ${e.resource} is not attached to a VPC${detail(e)}, so it cannot reach private addresses ` +
    `such as a private RDS database.`,
});
