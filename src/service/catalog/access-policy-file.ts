/**
 * Loads manifest/access-policy.yml (temporary access) at start-up; an invalid file stops start-up
 * with a message naming the file and the field. A missing file means the default policy only
 * when no file was configured (SECGROUP_ACCESS_POLICY_FILE unset and the default path absent).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { type AccessPolicy, DEFAULT_ACCESS_POLICY } from '../policy/access-policy.js';
import { characterCount, hasControlCharacters } from '../validation.js';

/** Thirty days: longer is not temporary. */
const HOURS_MAX = 720;

export class AccessPolicyInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}

const hours = (what: string) =>
  z
    .number({ error: `${what} must be a number of hours` })
    .positive(`${what} must be more than 0 hours`)
    .max(HOURS_MAX, `${what} must be at most ${HOURS_MAX} hours (30 days)`);

const policyYaml = z.strictObject({
  maxHours: hours('maxHours').default(DEFAULT_ACCESS_POLICY.maxHours),
  limits: z
    .array(
      z.strictObject({
        name: z
          .string({ error: 'name must be text' })
          .trim()
          .min(1, 'name must not be empty')
          .refine(
            (v) => characterCount(v) <= 60 && !hasControlCharacters(v),
            'name must be one line of at most 60 characters',
          ),
        ports: z
          .array(z.number().int().min(1).max(65535), { error: 'ports must be a list of port numbers (1-65535)' })
          .default([]),
        requireExpiry: z.boolean({ error: 'requireExpiry must be true or false' }).default(false),
        maxHours: hours('maxHours').optional(),
      }),
      { error: 'limits must be a list' },
    )
    .default([]),
  fewerApprovals: z
    .strictObject({
      maxHours: hours('fewerApprovals.maxHours'),
      approvals: z
        .number({ error: 'approvals must be a whole number from 1' })
        .int('approvals must be a whole number')
        .min(1, 'approvals must be at least 1 (a change is always approved by someone)'),
      evenWhenRisky: z.boolean({ error: 'evenWhenRisky must be true or false' }).default(false),
    })
    .optional(),
});

function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

/** Parses and validates the policy's text; `file` names it in errors. */
export function parseAccessPolicy(text: string, file: string): AccessPolicy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    if (!(err instanceof YAMLParseError)) throw err;
    const where = err.linePos?.[0];
    throw new AccessPolicyInvalidError(file, where ? `line ${where.line}` : 'yaml', err.message.split('\n')[0] ?? '');
  }
  const parsed = policyYaml.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = issue?.code === 'unrecognized_keys' ? 'unknown field (check its spelling)' : issue?.message;
    throw new AccessPolicyInvalidError(file, issue ? issueField(issue) : '?', problem ?? 'invalid');
  }
  const { fewerApprovals, limits, maxHours } = parsed.data;
  const tooLong = limits.findIndex((l) => l.maxHours !== undefined && l.maxHours > maxHours);
  if (tooLong !== -1) {
    throw new AccessPolicyInvalidError(file, `limits.${tooLong}.maxHours`, `must not be above maxHours (${maxHours})`);
  }
  return {
    maxHours,
    limits: limits.map((l) => ({
      name: l.name,
      ports: l.ports,
      requireExpiry: l.requireExpiry,
      ...(l.maxHours === undefined ? {} : { maxHours: l.maxHours }),
    })),
    ...(fewerApprovals ? { fewerApprovals } : {}),
  };
}

export async function loadAccessPolicy(file: string): Promise<AccessPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AccessPolicyInvalidError(file, 'file', code === 'ENOENT' ? 'file not found' : `cannot be read (${code})`);
  }
  return parseAccessPolicy(text, file);
}
