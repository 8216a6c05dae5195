import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'ENDPOINT_WRONG_SERVICE',
  severity: 'info',
  title: 'SES endpoint serves the other SES interface (API vs SMTP)',
  explanation:
    'SES has two interface endpoint services. com.amazonaws.<region>.email serves the SES API ' +
    "(email.<region>.amazonaws.com on HTTPS 443, what the SDK's SendEmail calls) and exists since December " +
    '2025; com.amazonaws.<region>.email-smtp serves only SMTP (email-smtp.<region>.amazonaws.com on ports 25, ' +
    '465, 587, 2465 and 2587). The VPC has an endpoint for the other one, so it does nothing for this target: ' +
    'SDK calls still need a NAT path or an email endpoint, and SMTP still needs an email-smtp endpoint. This is ' +
    'the classic "we have an SES endpoint but SendEmail times out".',
  remediation:
    'Create an endpoint for the interface the code uses: aws ec2 create-vpc-endpoint --vpc-id vpc-ID ' +
    '--vpc-endpoint-type Interface --service-name com.amazonaws.REGION.email --subnet-ids subnet-ID ' +
    '--security-group-ids sg-ID --private-dns-enabled for the API (check the Region offers it), or ' +
    "com.amazonaws.REGION.email-smtp for SMTP. Its security group must admit the function on 443 or the SMTP port.",
  confirm: [
    'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${resource} ' +
      '--query "VpcEndpoints[].[ServiceName,VpcEndpointType,PrivateDnsEnabled]"',
    'aws ec2 describe-vpc-endpoint-services --query "ServiceNames[?contains(@, \'email\')]"',
  ],
  fixable: false,
  message: (e) =>
    `VPC endpoint ${e.resource} serves the other SES interface, not ${e.target ?? 'this target'}${detail(e)}, ` +
    `so it does not carry this traffic.`,
});
