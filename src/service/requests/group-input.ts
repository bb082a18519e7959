/**
 * Validation of the create-group and add-rules inputs. Pure and synchronous, so a front end can
 * run it before answering a form (Slack's view_submission) and show each message by its field.
 */
import { z } from 'zod';
import type { AddRulesInput, CreateGroupInput } from '../api.js';
import type { FieldIssue } from '../errors.js';
import { SECURITY_GROUP_ID } from '../ids.js';
import { parseRules } from '../rules/rules.js';
import type { Project, Region, Rule, Template } from '../types.js';
import {
  characterCount,
  deceptiveCharacterProblem,
  hasControlCharacters,
  quoteInput,
  toFieldIssues,
  type Validation,
} from '../validation.js';

export const GROUP_NAME_MAX = 60;
export const GROUP_NOTES_MAX = 100;
/**
 * A group holds at most this many rules in each direction by default (Tencent's usage limits,
 * https://intl.cloud.tencent.com/document/product/213/12452; DescribeSecurityGroupLimits gives an
 * account's own, which submissions check against the group's current rules).
 */
export const RULES_PER_DIRECTION_DEFAULT = 100;
/** A request fills at most both directions of an empty group. */
export const RULES_PER_REQUEST_MAX = 2 * RULES_PER_DIRECTION_DEFAULT;

export interface CreateGroupContext {
  regions: readonly Region[];
  templates: readonly Template[];
  /** When given, the project must be one of these; otherwise any numeric id is accepted. */
  projects?: readonly Project[];
}

export interface AddRulesContext {
  regions: readonly Region[];
}

/** A validated add-rules input: the rules are domain rules. */
export interface ValidAddRules {
  region: string;
  securityGroupId: string;
  rules: Rule[];
}

const text = (what: string) => z.string({ error: `Enter ${what}.` });
/** A field a form may leave out: absent reads as blank. */
const optionalText = (what: string) =>
  z
    .string({ error: `Enter ${what} as text.` })
    .optional()
    .transform((v) => v ?? '');

export function oneLine(what: string, max: number, required: boolean) {
  return (required ? text(what) : optionalText(what)).transform((raw, ctx) => {
    // Before trimming, which would drop a U+FEFF or U+2028 at either end without a word.
    const deceptive = deceptiveCharacterProblem(raw, what.replace(/^a /, 'the '));
    if (deceptive) {
      ctx.addIssue({ code: 'custom', message: deceptive });
      return z.NEVER;
    }
    const value = raw.trim();
    if (required && value === '') {
      ctx.addIssue({ code: 'custom', message: `Enter ${what}.` });
      return z.NEVER;
    }
    if (characterCount(value) > max) {
      ctx.addIssue({
        code: 'custom',
        message: `Keep ${what} to ${max} characters (it has ${characterCount(value)}).`,
      });
      return z.NEVER;
    }
    if (hasControlCharacters(value)) {
      ctx.addIssue({ code: 'custom', message: `Write ${what} on one line, without control characters.` });
      return z.NEVER;
    }
    return value;
  });
}

export function regionField(regions: readonly Region[]) {
  return text('a region').transform((raw, ctx) => {
    const id = raw.trim();
    if (!regions.some((r) => r.id === id)) {
      ctx.addIssue({
        code: 'custom',
        message: id === '' ? 'Choose a region.' : `${quoteInput(id)} is not a known region; choose one from the list.`,
      });
      return z.NEVER;
    }
    return id;
  });
}

/** A project id; blank means the Default project ("0"). With `projects`, it must be one of them. */
export function projectField(projects?: readonly Project[]) {
  return optionalText('a project').transform((raw, ctx) => {
    const id = raw.trim() === '' ? '0' : raw.trim();
    if (!/^\d{1,20}$/.test(id)) {
      ctx.addIssue({ code: 'custom', message: 'Choose a project from the list (project ids are numbers).' });
      return z.NEVER;
    }
    const canonical = String(BigInt(id));
    if (projects && !projects.some((p) => p.id === canonical)) {
      ctx.addIssue({ code: 'custom', message: `Project ${canonical} does not exist; choose one from the list.` });
      return z.NEVER;
    }
    return canonical;
  });
}

function createGroupSchema(context: CreateGroupContext) {
  return z.object({
    region: regionField(context.regions),
    templateId: text('a template').transform((raw, ctx) => {
      const id = raw.trim();
      if (!context.templates.some((t) => t.id === id)) {
        ctx.addIssue({
          code: 'custom',
          message: id === '' ? 'Choose a template.' : `${quoteInput(id)} is not a template; choose one from the list.`,
        });
        return z.NEVER;
      }
      return id;
    }),
    name: oneLine('a name', GROUP_NAME_MAX, true),
    projectId: projectField(context.projects),
    notes: oneLine('the notes', GROUP_NOTES_MAX, false),
  });
}

/** Picks the named fields, so extra keys are ignored and a non-object reads as all fields missing. */
export function fieldsOf(raw: unknown, names: readonly string[]): Record<string, unknown> {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(names.map((n) => [n, source[n]]));
}

/**
 * Validates a create-group input. Field names in issues: region, templateId, name, projectId,
 * notes. A blank project means the Default project ("0").
 */
export function validateCreateGroupInput(raw: unknown, context: CreateGroupContext): Validation<CreateGroupInput> {
  const parsed = createGroupSchema(context).safeParse(
    fieldsOf(raw, ['region', 'templateId', 'name', 'projectId', 'notes']),
  );
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toFieldIssues(parsed.error) };
}

/**
 * Validates an add-rules input. Field names in issues: region, securityGroupId, rules, and
 * rules.<i>.<field> for each rule.
 */
export function validateAddRulesInput(raw: unknown, context: AddRulesContext): Validation<ValidAddRules> {
  const source = fieldsOf(raw, ['region', 'securityGroupId', 'rules']);
  const issues: FieldIssue[] = [];
  const region = regionField(context.regions).safeParse(source.region);
  if (!region.success) issues.push(...toFieldIssues(region.error, 'region'));

  const groupId = typeof source.securityGroupId === 'string' ? source.securityGroupId.trim().toLowerCase() : '';
  if (!SECURITY_GROUP_ID.test(groupId)) {
    issues.push({
      field: 'securityGroupId',
      message:
        groupId === ''
          ? 'Enter the security group id (sg-1a2b3c4d).'
          : `${quoteInput(groupId)} is not a security group id: they look like sg-1a2b3c4d.`,
    });
  }

  let rules: Rule[] = [];
  if (!Array.isArray(source.rules) || source.rules.length === 0) {
    issues.push({ field: 'rules', message: 'Add at least one rule.' });
  } else if (source.rules.length > RULES_PER_REQUEST_MAX) {
    issues.push({
      field: 'rules',
      message: `Add at most ${RULES_PER_REQUEST_MAX} rules in one request (this one has ${source.rules.length}).`,
    });
  } else {
    const parsed = parseRules(source.rules.map(ruleFields));
    if (parsed.ok) rules = parsed.value;
    else issues.push(...parsed.issues);
  }

  if (issues.length > 0 || !region.success) return { ok: false, issues };
  return { ok: true, value: { region: region.data, securityGroupId: groupId, rules } };
}

/** A rule whose fields are missing or not strings becomes one whose fields fail to parse. */
export function ruleFields(raw: unknown): AddRulesInput['rules'][number] {
  const fields = fieldsOf(raw, ['direction', 'protocol', 'port', 'peer', 'action', 'description']);
  const value = (name: string) => {
    const v = fields[name];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    return '';
  };
  return {
    direction: value('direction'),
    protocol: value('protocol'),
    port: value('port'),
    peer: value('peer'),
    action: value('action'),
    description: value('description'),
  };
}
