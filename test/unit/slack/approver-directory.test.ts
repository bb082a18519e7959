import { describe, expect, it } from 'vitest';
import { createSlackApproverDirectory } from '../../../src/slack/approver-directory.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

/** Stands in for the WebClient's usergroups.users.list: the Slack edge, not our code. */
function fakeUsergroups(answer: (group: string) => string[] | Error) {
  const calls: string[] = [];
  const client = {
    usergroups: {
      users: {
        list: async ({ usergroup }: { usergroup: string }) => {
          calls.push(usergroup);
          const result = answer(usergroup);
          if (result instanceof Error) throw result;
          return { ok: true, users: result };
        },
      },
    },
  };
  return { client: client as never, calls };
}

function clockAt(ms: { now: number }) {
  return { now: () => new Date(ms.now) };
}

describe('createSlackApproverDirectory', () => {
  it('accepts listed users and members of listed groups, nobody else', async () => {
    const { client } = fakeUsergroups(() => ['U0MEMBER']);
    const directory = createSlackApproverDirectory({ ids: ['U0DIRECT', 'S0GROUP'], client, log: recordingLogger() });
    expect(await directory.isApprover('U0DIRECT')).toBe(true);
    expect(await directory.isApprover('U0MEMBER')).toBe(true);
    expect(await directory.isApprover('U0STRANGER')).toBe(false);
    expect(await directory.approverIds()).toEqual(['U0DIRECT', 'S0GROUP']);
  });

  it('caches a group for the TTL, then reads it again', async () => {
    const time = { now: 0 };
    let members = ['U0OLD'];
    const { client, calls } = fakeUsergroups(() => members);
    const directory = createSlackApproverDirectory({
      ids: ['S0GROUP'],
      client,
      log: recordingLogger(),
      clock: clockAt(time),
      ttlMs: 1000,
    });
    expect(await directory.isApprover('U0OLD')).toBe(true);
    members = ['U0NEW'];
    time.now = 999;
    expect(await directory.isApprover('U0OLD')).toBe(true);
    expect(calls).toEqual(['S0GROUP']);
    time.now = 1000;
    expect(await directory.isApprover('U0OLD')).toBe(false);
    expect(await directory.isApprover('U0NEW')).toBe(true);
    expect(calls).toEqual(['S0GROUP', 'S0GROUP']);
  });

  it('treats a group it cannot read as empty and says so in the log', async () => {
    const log = recordingLogger();
    const { client } = fakeUsergroups(() => new Error('An API error occurred: missing_scope'));
    const directory = createSlackApproverDirectory({ ids: ['U0DIRECT', 'S0GROUP'], client, log });
    expect(await directory.isApprover('U0MEMBER')).toBe(false);
    expect(await directory.isApprover('U0DIRECT')).toBe(true);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      'approvers: could not read user group S0GROUP (An API error occurred: missing_scope); treating it as empty',
    ]);
  });

  it('does not keep using an expired membership when the refresh fails', async () => {
    const time = { now: 0 };
    let fail = false;
    const { client } = fakeUsergroups(() => (fail ? new Error('ratelimited') : ['U0MEMBER']));
    const directory = createSlackApproverDirectory({
      ids: ['S0GROUP'],
      client,
      log: recordingLogger(),
      clock: clockAt(time),
      ttlMs: 10,
    });
    expect(await directory.isApprover('U0MEMBER')).toBe(true);
    fail = true;
    time.now = 10;
    expect(await directory.isApprover('U0MEMBER')).toBe(false);
  });

  it('asks Slack once for concurrent checks', async () => {
    const { client, calls } = fakeUsergroups(() => ['U0MEMBER']);
    const directory = createSlackApproverDirectory({ ids: ['S0GROUP'], client, log: recordingLogger() });
    const answers = await Promise.all([directory.isApprover('U0MEMBER'), directory.isApprover('U0X')]);
    expect(answers).toEqual([true, false]);
    expect(calls).toEqual(['S0GROUP']);
  });
});
