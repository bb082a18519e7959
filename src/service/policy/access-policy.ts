/**
 * Temporary access policy (manifest/access-policy.yml): which exposures must be temporary, how
 * long any temporary rule may be kept, and when a short temporary request needs fewer approvals.
 * Pure: the caller passes the rules, their risk findings, what was asked and the time.
 */
import type { FieldIssue } from '../errors.js';
import type { KeepFor, RiskFinding, Rule } from '../types.js';
import type { Validation } from '../validation.js';

export interface ExposureLimit {
  /** For people: "SSH or RDP from the internet". */
  name: string;
  /** Ports this limit is about; empty: any rule the risk checks flag as open to the internet. */
  ports: number[];
  requireExpiry: boolean;
  maxHours?: number;
}

export interface AccessPolicy {
  /** The longest any temporary rule may be kept, "until" included. */
  maxHours: number;
  limits: ExposureLimit[];
  /** Temporary requests kept at most `maxHours` need `approvals` when that is fewer than usual. */
  fewerApprovals?: { maxHours: number; approvals: number; evenWhenRisky: boolean };
}

/** Without a policy file: any temporary length up to 30 days, nothing required. */
export const DEFAULT_ACCESS_POLICY: AccessPolicy = { maxHours: 720, limits: [] };

/** The fixed lengths a form offers, in hours. */
export const KEEP_HOURS = [1, 4, 24] as const;

const HOUR_MS = 3_600_000;

/** Whether the rule lets traffic in on `port` (protocol ALL and port ALL let every port in). */
function opensPort(rule: Rule, port: number): boolean {
  if (rule.protocol === 'ALL' || rule.port === 'ALL') return rule.protocol !== 'ICMP' && rule.protocol !== 'ICMPv6';
  return rule.port.split(',').some((part) => {
    const [from, to] = part.split('-').map(Number);
    return from !== undefined && port >= from && port <= (to ?? from);
  });
}

/** The limits that apply: a flagged rule (open to the internet) opening one of the limit's ports. */
export function limitsFor(
  policy: AccessPolicy,
  rules: readonly Rule[],
  risks: readonly RiskFinding[],
): ExposureLimit[] {
  const flagged = risks.map((r) => rules[r.ruleIndex]).filter((r): r is Rule => r !== undefined);
  return policy.limits.filter((limit) =>
    flagged.some((rule) => limit.ports.length === 0 || limit.ports.some((port) => opensPort(rule, port))),
  );
}

/** Hours the rules would stay: a fixed length, or from now until the instant. */
export function keptHours(keep: KeepFor, now: Date): number {
  return 'hours' in keep ? keep.hours : (Date.parse(keep.until) - now.getTime()) / HOUR_MS;
}

const hoursText = (hours: number) => `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;

function choicesWithin(maxHours: number): string {
  const fixed = KEEP_HOURS.filter((h) => h <= maxHours).map(hoursText);
  return [...fixed, `a date and time within ${hoursText(maxHours)}`].join(', ');
}

export interface KeepRequest {
  rules: readonly Rule[];
  risks: readonly RiskFinding[];
  /** Undefined: permanently. */
  keep: KeepFor | undefined;
  now: Date;
  /** What the request would need kept permanently. */
  usualApprovals: number;
}

/**
 * Judges how long rules are asked to be kept against the policy. Ok: the approvals the request
 * needs. Otherwise the issues, on the field `keep`, each saying what to choose instead.
 */
export function judgeKeep(policy: AccessPolicy, asked: KeepRequest): Validation<number> {
  const limits = limitsFor(policy, asked.rules, asked.risks);
  const issue = (message: string): Validation<number> => ({ ok: false, issues: [{ field: 'keep', message }] });
  if (asked.keep === undefined) {
    const required = limits.find((l) => l.requireExpiry);
    if (!required) return { ok: true, value: asked.usualApprovals };
    const max = Math.min(policy.maxHours, required.maxHours ?? policy.maxHours);
    return issue(`${required.name} may only be temporary here (access policy): choose ${choicesWithin(max)}.`);
  }
  const hours = keptHours(asked.keep, asked.now);
  const issues: FieldIssue[] = [];
  const tightest = limits
    .filter((l) => l.maxHours !== undefined)
    .sort((a, b) => (a.maxHours ?? 0) - (b.maxHours ?? 0))[0];
  if (tightest?.maxHours !== undefined && tightest.maxHours < policy.maxHours && hours > tightest.maxHours) {
    issues.push({
      field: 'keep',
      message: `${tightest.name} may be kept at most ${hoursText(tightest.maxHours)} (access policy): choose ${choicesWithin(tightest.maxHours)}.`,
    });
  } else if (hours > policy.maxHours) {
    issues.push({
      field: 'keep',
      message: `Temporary rules may be kept at most ${hoursText(policy.maxHours)} (access policy): choose ${choicesWithin(policy.maxHours)}, or keep them permanently.`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const fewer = policy.fewerApprovals;
  const qualifies = fewer && hours <= fewer.maxHours && (fewer.evenWhenRisky || asked.risks.length === 0);
  return { ok: true, value: qualifies ? Math.min(asked.usualApprovals, fewer.approvals) : asked.usualApprovals };
}

/** What the policy asks of these rules, for a form to explain before anyone submits. */
export function policyNote(policy: AccessPolicy, rules: readonly Rule[], risks: readonly RiskFinding[]): string[] {
  return limitsFor(policy, rules, risks).map((limit) => {
    const max = limit.maxHours === undefined ? '' : ` for at most ${hoursText(limit.maxHours)}`;
    return limit.requireExpiry ? `${limit.name}: temporary only${max}.` : `${limit.name}: kept${max}.`;
  });
}
