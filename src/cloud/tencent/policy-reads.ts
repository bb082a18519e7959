/** Reading a group's rules (DescribeSecurityGroupPolicies), with or without their indexes and Version. */
import { NotFoundError } from '../../service/errors.js';
import type { CloudProvider, PolicySet } from '../../service/ports.js';
import type { Rule } from '../../service/types.js';
import { CallFailure, groupFailure } from './call-failure.js';
import { type PolicyReading, readPolicySet } from './policy-set-mapping.js';
import type { ProviderContext } from './provider-context.js';
import { describePoliciesResponse } from './response-schemas.js';

/** One attempt at reading a group's rules; NotFoundError when there is no such group. */
export function policyLookups({ api, log }: ProviderContext) {
  const readPolicies = async (region: string, groupId: string): Promise<PolicyReading> => {
    const answer = await api
      .call({
        service: 'vpc',
        action: 'DescribeSecurityGroupPolicies',
        region,
        params: { SecurityGroupId: groupId },
        response: describePoliciesResponse,
      })
      .catch((err: unknown) => {
        const failure = groupFailure(err, groupId);
        if (failure instanceof NotFoundError && err instanceof CallFailure) {
          log.info(
            `Tencent Cloud: security group ${groupId} not found in ${region} (RequestId ${err.requestId ?? '-'})`,
          );
        }
        throw failure;
      });
    return readPolicySet(answer.SecurityGroupPolicySet);
  };

  /** The rules secgroup can express, in PolicyIndex order; the others are logged and left out. */
  const readRules = async (region: string, groupId: string): Promise<Rule[]> => {
    const reading = await readPolicies(region, groupId);
    for (const f of reading.foreign) {
      log.warn(`Tencent Cloud: ${groupId} ${f.direction} policy ${f.index} skipped: ${f.reason}`);
    }
    return reading.entries.map((e) => e.rule);
  };

  /** The policy set with its Version, which every versioned write needs. */
  const readVersioned = async (region: string, groupId: string): Promise<PolicySet> => {
    const { version, entries, foreign } = await readPolicies(region, groupId);
    if (version === undefined) {
      throw new CallFailure(
        'rejected',
        'UnexpectedResponse',
        `DescribeSecurityGroupPolicies answered for ${groupId} without SecurityGroupPolicySet.Version`,
      );
    }
    return { version, entries, foreign: foreign.map(({ reason: _, ...f }) => f) };
  };

  return { readRules, readVersioned };
}

export type PolicyLookups = ReturnType<typeof policyLookups>;

export function policyReads(
  { retrying }: ProviderContext,
  { readRules, readVersioned }: PolicyLookups,
): Pick<CloudProvider, 'describeRules' | 'readPolicies'> {
  return {
    describeRules(region, groupId) {
      return retrying(`DescribeSecurityGroupPolicies ${groupId}`, () => readRules(region, groupId));
    },
    readPolicies(region, groupId) {
      return retrying(`DescribeSecurityGroupPolicies ${groupId}`, () => readVersioned(region, groupId));
    },
  };
}
