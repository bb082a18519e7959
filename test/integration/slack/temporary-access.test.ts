/**
 * Temporary access through the real receiver, with the emulator and a test clock: Keep for in the
 * forms, the card and thread, Extend, Remove now, the reminder, the removal at expiry (once, also
 * with two replicas and through a Slack outage) and `/secgroup temporary`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import type { ApiCall } from '../../helpers/slack-api.js';
import { callsTo, rulesOf } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { cardTsOf, click, privateAnswers, submitNewGroup, threadPostsOf, waitForStatus } from './flow.js';
import { CHANNEL, keepForValues, modalSubmission, newGroupSubmission, REQUESTER, slashCommand } from './payloads.js';

const HOUR = 3_600_000;
const APPROVER = 'U0APPROVER1';

let t: TestSecgroup;
const others: TestSecgroup[] = [];
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  for (const other of others.splice(0)) await other.stop();
  await t.stop();
});

const mentions = (call: ApiCall | undefined, text: string) => JSON.stringify(call?.args.blocks ?? '').includes(text);

/** A new group from the console's web template, its rules kept `keepFor`, approved and shown with its controls. */
async function granted(keepFor = '4h') {
  const request = await submitNewGroup(t, { templateId: 'web-basic', name: 'temporary-web', keepFor });
  const hours = Number(keepFor.replace('h', ''));
  expect(request.temporary).toEqual({ keep: { hours } });
  const prompt = t.slackApi.callsTo('chat.postMessage').find((c) => mentions(c, 'secgroup_approve'));
  expect(mentions(prompt, `The rules are removed again ${hours} h after that.`)).toBe(true);
  await click(t, 'secgroup_approve', request.id, APPROVER);
  const grant = await waitForStatus(t, request.id, 'done');
  const thread = cardTsOf(request);
  await vi.waitFor(() =>
    expect(threadPostsOf(t, thread).some((c) => mentions(c, 'secgroup_remove_access_now'))).toBe(true),
  );
  return { grant, thread, groupId: grant.result?.securityGroupId ?? '' };
}

const removedMessages = (thread: string) =>
  threadPostsOf(t, thread).filter(
    (c) => String(c.args.text).startsWith('Temporary rules of') && mentions(c, `<@${REQUESTER}>`),
  );

describe('keeping rules for a while, in Slack', () => {
  it('the card says until when; at expiry the rules go by themselves and the thread says so once', async () => {
    const { grant, thread, groupId } = await granted('4h');
    expect(rulesOf(t.emulator, groupId)).toHaveLength(13);
    const card = t.slackApi
      .callsTo('chat.update')
      .filter((c) => c.args.ts === thread)
      .at(-1);
    expect(mentions(card, 'Keep the rules')).toBe(true);
    expect(mentions(card, `<!date^${Math.floor(Date.parse(grant.temporary?.rulesExpireAt ?? '') / 1000)}^`)).toBe(true);

    t.clock.advance(4 * HOUR - 1);
    await t.service.removeExpiredAccess();
    expect(rulesOf(t.emulator, groupId)).toHaveLength(13);
    t.clock.advance(1);
    await t.service.removeExpiredAccess();
    await t.settled();
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
    expect(removedMessages(thread)).toHaveLength(1);
    expect(mentions(removedMessages(thread)[0], 'their time is up')).toBe(true);
    // Extend and Remove now are taken away: nobody is invited to press a button that can do nothing.
    const controlsTs = (await t.shown(grant.id))?.accessControlsTs;
    const controls = t.slackApi.callsTo('chat.update').filter((c) => c.args.ts === controlsTs);
    expect(controls).toHaveLength(1);
    expect(mentions(controls[0], 'secgroup_remove_access_now')).toBe(false);
    expect(mentions(controls[0], 'These rules were temporary')).toBe(true);
    await t.running.sweep.runOnce();
    await t.service.removeExpiredAccess();
    await t.settled();
    expect(removedMessages(thread)).toHaveLength(1);
  });

  it('two replicas at expiry: one removal, one message', async () => {
    const { thread, groupId } = await granted('1h');
    const replica = await startTestSecgroup({ replicaOf: t });
    others.push(replica);
    t.clock.advance(HOUR);
    await Promise.all([t.service.removeExpiredAccess(), replica.service.removeExpiredAccess()]);
    await Promise.all([t.settled(), replica.settled()]);
    await Promise.all([t.running.sweep.runOnce(), replica.running.sweep.runOnce()]);
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
    expect(removedMessages(thread)).toHaveLength(1);
    expect(callsTo(t.emulator, 'DeleteSecurityGroupPolicies')).toHaveLength(2);
  });

  it('Slack away at expiry: the rules are still removed, and the thread is told once Slack answers', async () => {
    const { thread, groupId } = await granted('1h');
    const outage = t.slackApi.failHttpUntilStopped('chat.postMessage', { status: 500 });
    t.clock.advance(HOUR);
    await t.service.removeExpiredAccess();
    await t.settled();
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
    expect(removedMessages(thread)).toEqual([]);
    outage();
    await t.running.sweep.runOnce();
    expect(removedMessages(thread)).toHaveLength(1);
    await t.running.sweep.runOnce();
    expect(removedMessages(thread)).toHaveLength(1);
  });

  it('reminds the requester once, about 15 minutes before', async () => {
    const { grant, thread } = await granted('1h');
    const reminders = () =>
      threadPostsOf(t, thread).filter((c) =>
        String(c.args.text).startsWith(`The temporary rules of ${grant.id} are removed at`),
      );
    t.clock.advance(HOUR - 16 * 60_000);
    await t.running.sweep.runOnce();
    expect(reminders()).toEqual([]);
    t.clock.advance(2 * 60_000);
    // Two replicas' sweeps at once, then again: one reminder.
    const replica = await startTestSecgroup({ replicaOf: t });
    others.push(replica);
    await Promise.all([t.running.sweep.runOnce(), replica.running.sweep.runOnce()]);
    await Promise.all([t.running.sweep.runOnce(), replica.running.sweep.runOnce()]);
    expect(reminders()).toHaveLength(1);
    expect(mentions(reminders()[0], `<@${REQUESTER}>`)).toBe(true);
  });

  it('refuses a length the access policy does not allow, beside Keep for', async () => {
    const before = (await t.service.history({ limit: 10 })).items.length;
    const res = await t.send('interaction', {
      ...newGroupSubmission({
        templateId: 'web-basic',
        name: 'too-long',
        keepFor: '24h',
      }),
    });
    const answer = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.keep_for).toMatch(/SSH or RDP from the internet may be kept at most 8 h \(access policy\)/);
    expect((await t.service.history({ limit: 10 })).items).toHaveLength(before);
  });
});

describe('Extend and Remove now', () => {
  it('Extend opens a form; the extension is approved like the request, and the rules stay until the new time', async () => {
    const { grant, thread, groupId } = await granted('1h');
    await click(t, 'secgroup_extend_access', grant.id, REQUESTER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    expect(t.slackApi.callsTo('views.open')[0]?.args.view).toMatchObject({ callback_id: 'secgroup_extend_access' });

    const metadata = JSON.stringify({ requestId: grant.id, channelId: CHANNEL });
    const res = await t.send(
      'interaction',
      modalSubmission('secgroup_extend_access', metadata, keepForValues({ keepFor: '4h' }) as never, REQUESTER),
    );
    expect(await res.text()).toBe('');
    const extension = await vi.waitFor(async () => {
      const found = (await t.service.history({ limit: 10 })).items.find((r) => r.kind === 'extend-access');
      if (!found || !(await t.shown(found.id))?.promptTs) throw new Error('no extension shown yet');
      return found as ChangeRequest;
    });
    expect((await t.shown(extension.id))?.threadTs).toBe(thread);
    await click(t, 'secgroup_approve', extension.id, APPROVER);
    await waitForStatus(t, extension.id, 'done');
    const until = Date.parse((await t.service.get(grant.id)).temporary?.rulesExpireAt ?? '');
    expect(until).toBe(t.clock.now().getTime() + 4 * HOUR);
    await vi.waitFor(() => expect(threadPostsOf(t, thread).some((c) => mentions(c, 'are now kept until'))).toBe(true));
    // The buttons' message says the new time.
    const controlsTs = (await t.shown(grant.id))?.accessControlsTs;
    await vi.waitFor(() => {
      const updated = t.slackApi.callsTo('chat.update').filter((c) => c.args.ts === controlsTs);
      expect(mentions(updated.at(-1), `<!date^${Math.floor(until / 1000)}^`)).toBe(true);
    });

    t.clock.advance(HOUR);
    await t.service.removeExpiredAccess();
    expect(rulesOf(t.emulator, groupId)).toHaveLength(13);
    t.clock.advance(3 * HOUR);
    await t.service.removeExpiredAccess();
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
  });

  it('Remove now: refused to others, done at once for the requester, told once in the thread', async () => {
    const { grant, thread, groupId } = await granted('4h');
    const stranger = await click(t, 'secgroup_remove_access_now', grant.id, 'U0STRANGER');
    await vi.waitFor(() => expect(privateAnswers(t, stranger)).toHaveLength(1));
    expect(JSON.stringify(privateAnswers(t, stranger)[0])).toContain('Only the person who asked for the rules');
    expect(rulesOf(t.emulator, groupId)).toHaveLength(13);

    await click(t, 'secgroup_remove_access_now', grant.id, REQUESTER);
    await click(t, 'secgroup_remove_access_now', grant.id, REQUESTER, 'again');
    await vi.waitFor(() => expect(rulesOf(t.emulator, groupId)).toEqual([]));
    await t.settled();
    await vi.waitFor(() => expect(removedMessages(thread)).toHaveLength(1));
    expect(mentions(removedMessages(thread)[0], 'removed them now')).toBe(true);
  });
});

describe('/secgroup temporary', () => {
  it('lists the temporary rules in place with their time left, as the viewer may see them', async () => {
    const { grant, groupId } = await granted('4h');
    t.clock.advance(HOUR);
    const ask = async (channel: string, user = REQUESTER) => {
      const name = `temporary:${channel}:${user}:${t.slackApi.responses.length}`;
      await t.send(
        'command',
        slashCommand('temporary', { response_url: t.slackApi.responseUrl(name), channel_id: channel, user_id: user }),
      );
      await vi.waitFor(() => expect(privateAnswers(t, name)).toHaveLength(1));
      return JSON.stringify(privateAnswers(t, name)[0]);
    };
    const here = await ask(CHANNEL, 'U0SOMEONE');
    expect(here).toContain('3 h left');
    expect(here).toContain(groupId);
    expect(here).toContain(grant.id);
    expect(here).toContain(`<@${REQUESTER}>`);
    expect(here).toContain(`<#${CHANNEL}>`);
    expect(await ask('C0ELSEWHERE', 'U0SOMEONE')).toContain('No temporary rules are in place');
    expect(await ask('C0ELSEWHERE', REQUESTER)).toContain(grant.id);
  });
});
