/**
 * Who may see and act, by where they are, through the real app against the emulator. A request
 * belongs to the workspace and channel it was asked in: its buttons work only from its thread
 * there (a click from another channel, workspace or enterprise is refused by the service before
 * anything about the request is judged or told), and `show` and `history` from elsewhere show
 * only what it is — id, kind, status, dates — unless the viewer is its requester or an approver.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import {
  addRulesSubmission,
  buttonClick,
  CHANNEL,
  newGroupSubmission,
  rejectSubmission,
  slashCommand,
} from '../integration/slack/payloads.js';
import { expectNoSecrets } from './support/fake-secrets.js';
import { click, privateTexts, submitNewGroup, taggedGroups, uniqueName, waitForStatus } from './support/flow.js';
import { APPROVER_1, APPROVER_2, type RealApp, startRealApp } from './support/real-app.js';
import { watchUnhandledRejections } from './support/unhandled-rejections.js';

const REQUESTER = 'U0REQUESTER';
const BYSTANDER = 'U0BYSTANDER';
const ELSEWHERE = 'C0ELSEWHERE';
const rejections = watchUnhandledRejections();
let app: RealApp;

beforeAll(async () => {
  app = await startRealApp();
});
afterEach(() => {
  expect(rejections.rejections).toEqual([]);
});
afterAll(async () => {
  rejections.stop();
  await app.stop();
  expectNoSecrets('logs', app.logs);
});

const wrongPlace = (id: string) =>
  `\`${id}\` can be acted on only in its thread, in the channel where it was requested. Nothing changed.`;

/** Where a click comes from, as its payload says. */
type Place = { channelId?: string; team?: { id: string } | null; enterprise?: { id: string } | null };
const PLACES: [string, Place][] = [
  ['another channel of the workspace', { channelId: ELSEWHERE }],
  ['another workspace, in a channel of the same id', { team: { id: 'T0OTHER' } }],
  ['another enterprise, with no team', { team: null, enterprise: { id: 'E0OTHER' } }],
];

function clickFrom(place: Place, action: string, requestId: string, userId: string, name: string) {
  const payload = buttonClick(action, requestId, {
    userId,
    responseUrl: app.slackApi.responseUrl(name),
    ...(place.channelId ? { channelId: place.channelId } : {}),
  }) as ReturnType<typeof buttonClick> & Record<string, unknown>;
  if (place.team !== undefined) payload.team = place.team;
  if (place.enterprise !== undefined) payload.enterprise = place.enterprise;
  return app.send('interaction', payload);
}

async function doneCustomGroup(): Promise<ChangeRequest> {
  const request = await submitNewGroup(app, { templateId: 'custom', name: uniqueName('blank') });
  await click(app, 'secgroup_approve', request.id, APPROVER_1, `approve:${request.id}`);
  return waitForStatus(app, request.id, 'done');
}

describe('a click from anywhere but the request’s own thread is refused', () => {
  it.each(PLACES)('%s: Approve, Reject, Cancel, Retry and Add rules now change nothing', async (_where, place) => {
    const pending = await submitNewGroup(app);
    const done = await doneCustomGroup();
    app.emulator.setFaults({
      scripted: [{ action: 'CreateSecurityGroupWithPolicies', times: 3, code: 'AuthFailure' }],
    });
    const failing = await submitNewGroup(app);
    await click(app, 'secgroup_approve', failing.id, APPROVER_1, `approve:${failing.id}`);
    const failed = await waitForStatus(app, failing.id, 'failed');
    app.emulator.setFaults({ scripted: [] });

    const before = await Promise.all([pending, done, failed].map((r) => app.store.get(r.id)));
    const modals = app.slackApi.callsTo('views.open').length;
    const groups = app.emulator.state().groups.length;
    const clicks: [string, ChangeRequest, string][] = [
      ['secgroup_approve', pending, APPROVER_1],
      ['secgroup_reject', pending, APPROVER_2],
      ['secgroup_cancel', pending, REQUESTER],
      ['secgroup_retry', failed, APPROVER_2],
      ['secgroup_add_rules_now', done, REQUESTER],
    ];
    for (const [action, request, userId] of clicks) {
      const res = await clickFrom(place, action, request.id, userId, `${_where}:${action}`);
      expect(res.status).toBe(200);
    }
    await vi.waitFor(() => {
      for (const [action, request] of clicks) {
        expect(privateTexts(app.slackApi, `${_where}:${action}`)).toEqual([wrongPlace(request.id)]);
      }
    });
    expect(await Promise.all([pending, done, failed].map((r) => app.store.get(r.id)))).toEqual(before);
    expect(app.slackApi.callsTo('views.open')).toHaveLength(modals);
    expect(app.emulator.state().groups).toHaveLength(groups);
    expect(taggedGroups(app.emulator.state(), failed.id)).toEqual([]);
  });

  it('forms that say they were opened elsewhere are refused too: a rejection, and rules for a group', async () => {
    const pending = await submitNewGroup(app);
    const done = await doneCustomGroup();
    const requestsBefore = (await app.store.list({ limit: 100 })).items.length;
    await app.send('interaction', rejectSubmission(pending.id, 'not from here', APPROVER_1, ELSEWHERE));
    const res = await app.send(
      'interaction',
      addRulesSubmission(done.id, [{ port: '443', peer: '10.0.0.0/8', description: 'x' }], REQUESTER, ELSEWHERE),
    );
    expect(await res.text()).toBe('');
    await vi.waitFor(() => {
      const told = app.slackApi.callsTo('chat.postEphemeral').map((c) => String(c.args.text));
      expect(told).toContain(wrongPlace(pending.id));
      expect(told).toContain(wrongPlace(done.id));
    });
    expect((await app.store.get(pending.id))?.status).toBe('pending');
    expect((await app.store.list({ limit: 100 })).items).toHaveLength(requestsBefore);
  });

  it('the same clicks from its thread, in its channel and workspace, are accepted', async () => {
    const pending = await submitNewGroup(app);
    await clickFrom({ channelId: CHANNEL, team: { id: 'T0TEST' } }, 'secgroup_approve', pending.id, APPROVER_1, 'here');
    const done = await waitForStatus(app, pending.id, 'done');
    expect(taggedGroups(app.emulator.state(), done.id)).toHaveLength(1);
    expect(privateTexts(app.slackApi, 'here')).toEqual([]);
  });
});

let asked = 0;
/** `/secgroup <text>` run by `userId` in `channelId` (of `teamId`); its private answers go to response_url `name`. */
function command(text: string, userId: string, channelId: string, teamId = 'T0TEST', name = `ask-${++asked}`) {
  return app.send(
    'command',
    slashCommand(text, {
      user_id: userId,
      channel_id: channelId,
      team_id: teamId,
      response_url: app.slackApi.responseUrl(name),
    }),
  );
}

/** What `/secgroup <text>` answers `userId` in `channelId` (of `teamId`). */
async function ask(text: string, userId: string, channelId: string, teamId = 'T0TEST'): Promise<string> {
  const name = `ask-${++asked}`;
  await command(text, userId, channelId, teamId, name);
  return vi.waitFor(() => {
    const [answer] = app.slackApi.responses.filter((r) => r.name === name);
    if (!answer) throw new Error(`no answer to ${text}`);
    return JSON.stringify(answer.body);
  });
}

describe('what show and history tell someone elsewhere', () => {
  const PRIVATE = 'G0PAYROLL';
  let request: ChangeRequest;
  beforeAll(async () => {
    const name = uniqueName('payroll-db');
    const submitted = await app.send(
      'interaction',
      newGroupSubmission({ name, notes: 'for the payroll team' }, { channelId: PRIVATE, userId: REQUESTER }),
    );
    expect(submitted.status).toBe(200);
    const stored = await vi.waitFor(async () => {
      const found = (await app.store.list({ limit: 100 })).items.find(
        (r) => r.spec.kind === 'create-group' && r.spec.name === name,
      );
      if (!found || !(await app.presentations.get(found.id))?.promptTs) throw new Error('not posted yet');
      return found;
    });
    await app.send(
      'interaction',
      buttonClick('secgroup_approve', stored.id, {
        userId: APPROVER_1,
        responseUrl: app.slackApi.responseUrl('payroll'),
        channelId: PRIVATE,
      }),
    );
    request = await waitForStatus(app, stored.id, 'done');
  });

  const secrets = () => [
    request.spec.kind === 'create-group' ? request.spec.name : '',
    'payroll team',
    request.result?.securityGroupId ?? 'sg-',
    'Inbound rules',
  ];

  it('someone else in another channel: show gives the id, kind, status and dates, and says why', async () => {
    const shown = await ask(`show ${request.id}`, BYSTANDER, ELSEWHERE);
    for (const secret of secrets()) expect(shown).not.toContain(secret);
    expect(shown).toContain(`Security group request \`${request.id}\``);
    expect(shown).toContain('*done*');
    expect(shown).toContain('requested in another channel, and you are neither its requester nor an approver');
    expect(shown).toContain('<!date^');
  });

  it('someone else in another channel: history lists it by id, kind and status only, and says why', async () => {
    const history = await ask('history', BYSTANDER, ELSEWHERE);
    expect(history).toContain(`\`${request.id}\` Security group request: *done*`);
    for (const secret of secrets()) expect(history).not.toContain(secret);
    expect(history).toContain('neither their requester nor an approver');
  });

  it.each([
    ['its requester, anywhere', REQUESTER, ELSEWHERE],
    ['an approver, anywhere', APPROVER_2, ELSEWHERE],
    ['anyone in the channel it was asked in', BYSTANDER, PRIVATE],
  ])('%s: sees all of it', async (_who, userId, channelId) => {
    const shown = await ask(`show ${request.id}`, userId, channelId);
    for (const secret of secrets().slice(0, 3)) expect(shown).toContain(secret);
    const history = await ask('history', userId, channelId);
    expect(history).toContain(secrets()[0]);
  });

  it('someone in another workspace: nothing at all, as if it did not exist', async () => {
    const shown = await ask(`show ${request.id}`, BYSTANDER, PRIVATE, 'T0OTHER');
    expect(JSON.parse(shown).text).toBe(`I can't find request \`${request.id}\`.`);
    const history = await ask('history', BYSTANDER, PRIVATE, 'T0OTHER');
    expect(history).not.toContain(request.id);
  });

  it('a request not posted yet is posted by show only in its own channel', async () => {
    app.slackApi.failNext('chat.postMessage', 'not_in_channel');
    const name = uniqueName('unposted');
    await app.send(
      'interaction',
      newGroupSubmission(
        { name },
        { channelId: 'C0NOTYET', userId: REQUESTER, responseUrl: app.slackApi.responseUrl(`submit:${name}`) },
      ),
    );
    await vi.waitFor(() => expect(privateTexts(app.slackApi, `submit:${name}`)).toHaveLength(1));
    const unposted = (await app.store.list({ limit: 100 })).items.find(
      (r) => r.spec.kind === 'create-group' && r.spec.name === name,
    );
    if (!unposted) throw new Error('not stored');
    const posts = app.slackApi.callsTo('chat.postMessage').length;

    const shown = await ask(`show ${unposted.id}`, REQUESTER, ELSEWHERE);
    expect(shown).toContain('can be posted only in <#C0NOTYET>, where it was requested');
    expect(app.slackApi.callsTo('chat.postMessage')).toHaveLength(posts);

    // Once invited there, show posts it there, card and prompt.
    await command(`show ${unposted.id}`, REQUESTER, 'C0NOTYET');
    await vi.waitFor(() => expect(app.slackApi.callsTo('chat.postMessage').length).toBe(posts + 2));
    expect(app.slackApi.callsTo('chat.postMessage').at(-2)?.args.channel).toBe('C0NOTYET');
  });
});
