// AWS CLI commands that more than one rule uses to show its evidence by hand.

/** A network ACL's rules in the order AWS evaluates them, and the subnets it applies to. */
export const CONFIRM_ACL = [
  'aws ec2 describe-network-acls --network-acl-ids ${resource} ' +
    '--query "NetworkAcls[].Entries[] | sort_by(@, &RuleNumber)"',
  'aws ec2 describe-network-acls --network-acl-ids ${resource} --query "NetworkAcls[].Associations[].SubnetId"',
];
