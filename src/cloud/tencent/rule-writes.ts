/**
 * Changing a group's rules. The versioned writes send the Version the change was planned from
 * and are never repeated after a lost answer (see ProviderContext.writingOnce).
 */
import { InvalidInputError, VersionConflictError } from '../../service/errors.js';
import type { CloudProvider } from '../../service/ports.js';
import { sameRule } from '../../service/rules/rules.js';
import { DIRECTIONS, type Direction } from '../../service/types.js';
import { groupFailure } from './call-failure.js';
import { POLICY_SET_KEY, policySetFor, ruleToPolicy } from './policy-mapping.js';
import type { PolicyLookups } from './policy-reads.js';
import type { ProviderContext } from './provider-context.js';
import { emptyResponse } from './response-schemas.js';

/**
 * CreateSecurityGroupPolicies, DeleteSecurityGroupPolicies and ReplaceSecurityGroupPolicies each
 * take one direction per call (their API descriptions), and a second call at the same Version
 * would be refused once the first has changed it: a mixed batch is the caller's mistake.
 */
function oneDirection(directions: Direction[], field: string): Direction {
  const [first, ...rest] = directions;
  if (first === undefined || rest.some((d) => d !== first)) {
    throw new InvalidInputError([
      { field, message: 'Tencent Cloud changes one direction per call; split by direction.' },
    ]);
  }
  return first;
}

type VersionedAction = 'CreateSecurityGroupPolicies' | 'DeleteSecurityGroupPolicies' | 'ReplaceSecurityGroupPolicies';

export function ruleWrites(
  ctx: ProviderContext,
  { readRules, readVersioned }: PolicyLookups,
): Pick<CloudProvider, 'addRules' | 'addPolicies' | 'deletePolicies' | 'replacePolicies' | 'resetPolicies'> {
  const { api, log, retrying, writingOnce } = ctx;

  /** One call carrying SecurityGroupPolicySet.Version: a stale one is VersionConflictError. */
  const versionedWrite = async (
    action: VersionedAction,
    where: { region: string; groupId: string; expectedVersion: string; direction: Direction },
    policies: object[],
  ) => {
    const { region, groupId, expectedVersion, direction } = where;
    await writingOnce(`${action} ${direction} on ${groupId} at version ${expectedVersion}`, () =>
      api
        .call({
          service: 'vpc',
          action,
          region,
          params: {
            SecurityGroupId: groupId,
            SecurityGroupPolicySet: { Version: expectedVersion, [POLICY_SET_KEY[direction]]: policies },
          },
          response: emptyResponse,
        })
        .catch((err: unknown) => {
          throw groupFailure(err, groupId, expectedVersion);
        }),
    );
  };

  return {
    async addRules(region, groupId, rules) {
      for (const direction of DIRECTIONS) {
        const wanted = rules.filter((r) => r.direction === direction);
        if (wanted.length === 0) continue;
        // Reading first makes a repeated call (after a timeout, or a retry of the whole request)
        // add only what is missing; Tencent Cloud would refuse a duplicate policy outright.
        await retrying(`CreateSecurityGroupPolicies ${direction} on ${groupId}`, async () => {
          const present = await readRules(region, groupId);
          const missing = wanted.filter((w) => !present.some((p) => sameRule(p, w)));
          if (missing.length < wanted.length) {
            log.info(`Tencent Cloud: ${wanted.length - missing.length} ${direction} rule(s) already in ${groupId}`);
          }
          if (missing.length === 0) return;
          await api.call({
            service: 'vpc',
            action: 'CreateSecurityGroupPolicies',
            region,
            params: {
              SecurityGroupId: groupId,
              SecurityGroupPolicySet: { [POLICY_SET_KEY[direction]]: missing.map(ruleToPolicy) },
            },
            response: emptyResponse,
          });
        });
      }
    },

    async addPolicies(region, groupId, expectedVersion, rules) {
      if (rules.length === 0) return;
      const direction = oneDirection(
        rules.map((r) => r.direction),
        'rules',
      );
      // No PolicyIndex: "if you want to add a rule after the last rule, leave it empty".
      await versionedWrite(
        'CreateSecurityGroupPolicies',
        { region, groupId, expectedVersion, direction },
        rules.map(ruleToPolicy),
      );
    },

    async deletePolicies(region, groupId, expectedVersion, direction, indexes) {
      const unique = [...new Set(indexes)].sort((a, b) => a - b);
      if (unique.length === 0) return;
      if (unique.some((i) => !Number.isInteger(i) || i < 0)) {
        throw new InvalidInputError([{ field: 'indexes', message: 'Rule indexes are whole numbers from 0.' }]);
      }
      // By index only: the API takes one way of matching per call (index, or the rule's fields).
      await versionedWrite(
        'DeleteSecurityGroupPolicies',
        { region, groupId, expectedVersion, direction },
        unique.map((PolicyIndex) => ({ PolicyIndex })),
      );
    },

    async replacePolicies(region, groupId, expectedVersion, entries) {
      if (entries.length === 0) return;
      const direction = oneDirection(
        entries.map((e) => e.rule.direction),
        'entries',
      );
      await versionedWrite(
        'ReplaceSecurityGroupPolicies',
        { region, groupId, expectedVersion, direction },
        entries.map((e) => ({ PolicyIndex: e.index, ...ruleToPolicy(e.rule) })),
      );
    },

    async resetPolicies(region, groupId, expectedVersion, rules) {
      const set = policySetFor(rules);
      // ModifySecurityGroupPolicies "must specify new Egress and Ingress policies at the same
      // time"; what it does with one direction empty is not documented.
      if ((set.Ingress.length === 0) !== (set.Egress.length === 0)) {
        throw new InvalidInputError([
          {
            field: 'rules',
            message:
              'A reset sets inbound and outbound rules together: give rules for both, or none to clear the group. To empty one direction, delete its rules.',
          },
        ]);
      }
      // ModifySecurityGroupPolicies has no documented version check (VersionMismatch is not among
      // its errors) and reads Version "0" as "clear every rule", which is a blank group's own
      // version. So the version is checked by reading first and no Version is sent ("if it is
      // left empty, any conflicts will be ignored"): a change between the two is not caught.
      const current = await retrying(`DescribeSecurityGroupPolicies ${groupId}`, () => readVersioned(region, groupId));
      if (current.version !== expectedVersion) {
        throw new VersionConflictError(groupId, expectedVersion, `the rules are now at version ${current.version}`);
      }
      // SortPolicys: "strictly sorted according to the sequence specified"; false keeps the old order.
      const params =
        rules.length === 0
          ? { SecurityGroupId: groupId, SecurityGroupPolicySet: { Version: '0' } }
          : { SecurityGroupId: groupId, SecurityGroupPolicySet: set, SortPolicys: true };
      await writingOnce(`ModifySecurityGroupPolicies on ${groupId} from version ${expectedVersion}`, () =>
        api
          .call({ service: 'vpc', action: 'ModifySecurityGroupPolicies', region, params, response: emptyResponse })
          .catch((err: unknown) => {
            throw groupFailure(err, groupId, expectedVersion);
          }),
      );
    },
  };
}
