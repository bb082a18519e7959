/**
 * Loads manifest/templates.yml and manifest/regions.yml. Both are read once at start-up; an
 * invalid file stops start-up with a message naming the file, the template and the field.
 * Template rules go through the same parser as rules typed into a form.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { describeRule, findDuplicateRule } from '../rules/duplicate-rules.js';
import { parseRules } from '../rules/rules.js';
import type { Region, Template } from '../types.js';
import { characterCount, hasControlCharacters } from '../validation.js';

/** Slack's static_select option text holds 75 characters; names are shown there. */
export const TEMPLATE_NAME_MAX = 75;
const TEMPLATE_TEXT_MAX = 300;
const TEMPLATE_RULES_MAX = 100;
const APPROVALS_MAX = 10;

/** templates.yml is invalid: start-up stops, naming the file, the template and the field. */
export class TemplateInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly templateId: string | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: template ${templateId ?? '?'}: ${field}: ${problem}`);
  }
}

/** regions.yml is not about templates, so it has its own error; start-up reports both alike. */
export class RegionsInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}

const line = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`)
    .refine((v) => characterCount(v) <= max, `${what} must be at most ${max} characters`)
    .refine((v) => !hasControlCharacters(v), `${what} must be one line without control characters`);

const ruleYaml = z.strictObject({
  direction: z.string({ error: 'must be inbound or outbound' }),
  protocol: z.string({ error: 'must be TCP, UDP, ICMP, ICMPv6 or ALL' }),
  port: z.union([z.string(), z.number()], { error: 'must be ALL, a port, a list or a range' }).transform(String),
  peer: z.string({ error: 'must be a CIDR or a security group id' }),
  action: z.string({ error: 'must be ACCEPT or DROP' }),
  description: z.string({ error: 'must be text' }).default(''),
});

const templateYaml = z.strictObject({
  id: z
    .string({ error: 'id must be text' })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id must be 1-40 lowercase letters, digits or hyphens'),
  name: line('name', TEMPLATE_NAME_MAX),
  description: line('description', TEMPLATE_TEXT_MAX),
  notes: line('notes', TEMPLATE_TEXT_MAX).optional(),
  riskNote: line('riskNote', TEMPLATE_TEXT_MAX).optional(),
  approvalsRequired: z
    .number({ error: 'approvalsRequired must be a whole number from 1' })
    .int('approvalsRequired must be a whole number')
    .min(1, 'approvalsRequired must be at least 1')
    .max(APPROVALS_MAX, `approvalsRequired must be at most ${APPROVALS_MAX}`),
  rules: z
    .array(ruleYaml, { error: 'rules must be a list (use [] for none)' })
    .max(TEMPLATE_RULES_MAX, `at most ${TEMPLATE_RULES_MAX} rules`),
});

const templatesDocument = z.strictObject({
  templates: z.array(z.unknown(), { error: 'templates must be a list' }).min(1, 'list at least one template'),
});

const regionsDocument = z.strictObject({
  regions: z
    .array(
      z.strictObject({
        id: z
          .string({ error: 'id must be text' })
          .regex(/^[a-z]{2,}-[a-z0-9-]+$/, 'id must be a region id such as ap-guangzhou'),
        name: line('name', TEMPLATE_NAME_MAX),
      }),
      { error: 'regions must be a list' },
    )
    .min(1, 'list at least one region'),
});

/** An unknown key is named itself, so a misspelt field is reported by its spelling. */
function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

function issueProblem(issue: z.core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? 'unknown field (check its spelling)' : issue.message;
}

function readYaml(text: string, onError: (field: string, problem: string) => Error): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos?.[0];
      throw onError(where ? `line ${where.line}` : 'yaml', err.message.split('\n')[0] ?? 'not valid YAML');
    }
    throw err;
  }
}

/** Parses and validates templates.yml's text. `file` names the file in errors. */
export function parseTemplates(text: string, file: string): Template[] {
  const fail = (templateId: string | undefined, field: string, problem: string) =>
    new TemplateInvalidError(file, templateId, field, problem);
  const document = templatesDocument.safeParse(readYaml(text, (field, problem) => fail(undefined, field, problem)));
  if (!document.success) {
    const issue = document.error.issues[0];
    throw fail(undefined, issue ? issueField(issue) : 'templates', issue ? issueProblem(issue) : 'invalid');
  }

  const templates: Template[] = [];
  document.data.templates.forEach((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const templateId = typeof rawId === 'string' ? rawId : undefined;
    const where = templateId === undefined ? `templates.${index}.` : '';
    const parsed = templateYaml.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fail(templateId, `${where}${issue ? issueField(issue) : '?'}`, issue ? issueProblem(issue) : 'invalid');
    }
    const { rules: ruleInputs, ...fields } = parsed.data;
    const rules = parseRules(ruleInputs);
    if (!rules.ok) {
      const issue = rules.issues[0];
      throw fail(fields.id, issue?.field ?? 'rules', issue?.message ?? 'invalid');
    }
    const duplicate = findDuplicateRule(rules.value);
    const repeated = duplicate && rules.value[duplicate.index];
    if (duplicate && repeated) {
      throw fail(
        fields.id,
        `rules.${duplicate.index}`,
        `${describeRule(repeated)} is the same rule as rules.${duplicate.sameAs} (only the notes may differ); Tencent Cloud refuses a group that holds a rule twice`,
      );
    }
    if (templates.some((t) => t.id === fields.id)) {
      throw fail(fields.id, 'id', `the id ${fields.id} is used by more than one template`);
    }
    templates.push({ ...fields, rules: rules.value });
  });
  return templates;
}

/** Parses and validates regions.yml's text. */
export function parseRegions(text: string, file: string): Region[] {
  const fail = (field: string, problem: string) => new RegionsInvalidError(file, field, problem);
  const document = regionsDocument.safeParse(readYaml(text, fail));
  if (!document.success) {
    const issue = document.error.issues[0];
    throw fail(issue ? issueField(issue) : 'regions', issue ? issueProblem(issue) : 'invalid');
  }
  const seen = new Set<string>();
  document.data.regions.forEach((region, index) => {
    if (seen.has(region.id)) throw fail(`regions.${index}.id`, `${region.id} is listed twice`);
    seen.add(region.id);
  });
  return document.data.regions;
}

async function readManifest(file: string, onError: (problem: string) => Error): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw onError(code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`);
  }
}

export async function loadTemplates(file: string): Promise<Template[]> {
  const text = await readManifest(file, (problem) => new TemplateInvalidError(file, undefined, 'file', problem));
  return parseTemplates(text, file);
}

export async function loadRegions(file: string): Promise<Region[]> {
  const text = await readManifest(file, (problem) => new RegionsInvalidError(file, 'file', problem));
  return parseRegions(text, file);
}
