/**
 * Validation of the day-2 inputs (edit rules, delete a group, clone a group). Pure and
 * synchronous, like group-input.ts, whose field shapes it shares; issues are named by field.
 */
import { z } from 'zod';
import type { CloneGroupInput, GroupRef } from '../api.js';
import type { FieldIssue } from '../errors.js';
import { SECURITY_GROUP_ID } from '../ids.js';
import { parseRules } from '../rules/rules.js';
import { DIRECTIONS, type Project, type Region, type Rule } from '../types.js';
import { quoteInput, toFieldIssues, type Validation } from '../validation.js';
import {
  fieldsOf,
  GROUP_NAME_MAX,
  GROUP_NOTES_MAX,
  oneLine,
  projectField,
  regionField,
  ruleFields,
} from './group-input.js';

/** Tencent Cloud's default limit of rules per direction of a group. */
export const RULES_PER_DIRECTION_MAX = 100;

const groupIdField = z.string({ error: 'Enter the security group id (sg-1a2b3c4d).' }).transform((raw, ctx) => {
  const id = raw.trim().toLowerCase();
  if (!SECURITY_GROUP_ID.test(id)) {
    ctx.addIssue({
      code: 'custom',
      message:
        id === ''
          ? 'Enter the security group id (sg-1a2b3c4d).'
          : `${quoteInput(id)} is not a security group id: they look like sg-1a2b3c4d.`,
    });
    return z.NEVER;
  }
  return id;
});

const groupRefSchema = (regions: readonly Region[]) =>
  z.object({ region: regionField(regions), securityGroupId: groupIdField });

function result<T>(parsed: z.ZodSafeParseResult<T>, more: FieldIssue[] = []): Validation<T> {
  const issues = [...(parsed.success ? [] : toFieldIssues(parsed.error)), ...more];
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  return { ok: true, value: parsed.data };
}

export function validateGroupRef(raw: unknown, regions: readonly Region[]): Validation<GroupRef> {
  return result(groupRefSchema(regions).safeParse(fieldsOf(raw, ['region', 'securityGroupId'])));
}

/** Two rules of one direction that match the same traffic: Tencent keeps each match once. */
function duplicates(rules: readonly Rule[]): FieldIssue[] {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  rules.forEach((rule, index) => {
    const peer = rule.peer.kind === 'security-group' ? rule.peer.groupId : rule.peer.cidr;
    const key = [rule.direction, rule.protocol, rule.port, peer, rule.action].join(' ');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      issues.push({
        field: `rules.${index}`,
        message: `${rule.direction} ${rule.protocol} ${rule.port} ${peer} ${rule.action} is there twice (rule ${first + 1}); keep one.`,
      });
    }
  });
  return issues;
}

export interface ValidEditRules {
  region: string;
  securityGroupId: string;
  baseVersion?: string;
  /** Inbound then outbound, each in the order given. */
  rules: Rule[];
}

/**
 * An edit: the group's whole rule list as it should be (both directions; an empty list clears the
 * group), and the Version the form was filled in from.
 */
export function validateEditRulesInput(raw: unknown, regions: readonly Region[]): Validation<ValidEditRules> {
  const source = fieldsOf(raw, ['region', 'securityGroupId', 'baseVersion', 'rules']);
  const ref = groupRefSchema(regions).safeParse(source);
  const issues: FieldIssue[] = ref.success ? [] : toFieldIssues(ref.error);
  const version = source.baseVersion;
  if (version !== undefined && (typeof version !== 'string' || !/^\d{1,20}$/.test(version))) {
    issues.push({ field: 'baseVersion', message: 'The rules were not read from the group; open the form again.' });
  }
  let rules: Rule[] = [];
  if (!Array.isArray(source.rules)) {
    issues.push({ field: 'rules', message: 'Give the rules the group should have.' });
  } else {
    const parsed = parseRules(source.rules.map(ruleFields));
    if (!parsed.ok) issues.push(...parsed.issues);
    else {
      rules = DIRECTIONS.flatMap((d) => parsed.value.filter((r) => r.direction === d));
      for (const direction of DIRECTIONS) {
        const count = rules.filter((r) => r.direction === direction).length;
        if (count > RULES_PER_DIRECTION_MAX) {
          issues.push({
            field: `rules.${direction}`,
            message: `A group holds at most ${RULES_PER_DIRECTION_MAX} ${direction} rules (this has ${count}).`,
          });
        }
      }
      issues.push(...duplicates(rules));
    }
  }
  if (!ref.success || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: { ...ref.data, rules, ...(typeof version === 'string' ? { baseVersion: version } : {}) },
  };
}

export function validateCloneGroupInput(
  raw: unknown,
  context: { regions: readonly Region[]; projects?: readonly Project[] },
): Validation<CloneGroupInput> {
  const schema = groupRefSchema(context.regions).extend({
    targetRegion: regionField(context.regions),
    projectId: projectField(context.projects),
    name: oneLine('a name', GROUP_NAME_MAX, true),
    description: oneLine('the description', GROUP_NOTES_MAX, false),
  });
  return result(
    schema.safeParse(fieldsOf(raw, ['region', 'securityGroupId', 'targetRegion', 'projectId', 'name', 'description'])),
  );
}
