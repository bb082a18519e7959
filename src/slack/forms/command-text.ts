import { REQUEST_ID, SECURITY_GROUP_ID } from '../../service/ids.js';

/** `/secgroup <subcommand> [args]`, parsed strictly: every mistake gets a message that says what to type. */
export type SecgroupCommand =
  | { kind: 'help'; problem?: string }
  | { kind: 'new' }
  | { kind: 'templates' }
  | { kind: 'list'; region?: string }
  | { kind: 'show-request'; requestId: string }
  | { kind: 'show-group'; groupId: string; region?: string }
  | { kind: 'edit' | 'delete' | 'clone'; groupId: string; region?: string }
  | { kind: 'history' }
  | { kind: 'refresh' }
  | { kind: 'temporary' };

const REGION_ID = /^[a-z]{2,}-[a-z0-9-]+$/;

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function noArguments(sub: string, args: string[]): SecgroupCommand | undefined {
  return args.length > 0 ? { kind: 'help', problem: `\`${sub}\` takes no arguments.` } : undefined;
}

function parseRegion(raw: string): string | { problem: string } {
  return REGION_ID.test(raw) ? raw : { problem: `"${shown(raw)}" is not a region id (e.g. ap-guangzhou).` };
}

/** `edit|delete|clone sg-… [region]`. */
function groupCommand(sub: 'edit' | 'delete' | 'clone', args: string[]): SecgroupCommand {
  const [id, regionArg, ...rest] = args;
  const usage = `\`${sub}\` takes a security group id (sg-…) and, if you know it, its region.`;
  if (id === undefined || rest.length > 0) return { kind: 'help', problem: usage };
  const groupId = id.toLowerCase();
  if (!SECURITY_GROUP_ID.test(groupId)) {
    return { kind: 'help', problem: `"${shown(id)}" is not a security group id (sg- and 8 letters or digits).` };
  }
  if (regionArg === undefined) return { kind: sub, groupId };
  const region = parseRegion(regionArg);
  return typeof region === 'string' ? { kind: sub, groupId, region } : { kind: 'help', problem: region.problem };
}

export function parseCommandText(text: string): SecgroupCommand {
  const [first, ...args] = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const sub = (first ?? '').toLowerCase();
  switch (sub) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'new':
    case 'templates':
    case 'history':
    case 'refresh':
    case 'temporary':
      return noArguments(sub, args) ?? { kind: sub };
    case 'list': {
      if (args.length > 1) return { kind: 'help', problem: '`list` takes at most one region.' };
      if (args[0] === undefined) return { kind: 'list' };
      const region = parseRegion(args[0]);
      return typeof region === 'string' ? { kind: 'list', region } : { kind: 'help', problem: region.problem };
    }
    case 'show': {
      const [id, regionArg, ...rest] = args;
      if (id === undefined || rest.length > 0) {
        return {
          kind: 'help',
          problem: '`show` takes a request id (req-…) or a security group id (sg-…) and, for a group, a region.',
        };
      }
      const lower = id.toLowerCase();
      if (REQUEST_ID.test(lower)) {
        return regionArg === undefined
          ? { kind: 'show-request', requestId: lower }
          : { kind: 'help', problem: '`show req-…` takes no region.' };
      }
      if (SECURITY_GROUP_ID.test(lower)) {
        if (regionArg === undefined) return { kind: 'show-group', groupId: lower };
        const region = parseRegion(regionArg);
        return typeof region === 'string'
          ? { kind: 'show-group', groupId: lower, region }
          : { kind: 'help', problem: region.problem };
      }
      return {
        kind: 'help',
        problem: `"${shown(id)}" is neither a request id (req- and 8 letters or digits) nor a security group id (sg- and 8 letters or digits).`,
      };
    }
    case 'edit':
    case 'delete':
    case 'clone':
      return groupCommand(sub, args);
    default:
      return { kind: 'help', problem: `Unknown subcommand "${shown(sub)}".` };
  }
}
