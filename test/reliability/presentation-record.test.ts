/**
 * The record of what a front end has shown (conversation.shownHistory), on the real store: it
 * never moves back, whoever writes the conversation, and the store lists exactly the requests a
 * restart must show again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { AP1, createInput, type Harness, REQUESTER, startHarness } from '../integration/service/support.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const ids = (requests: ChangeRequest[]) => requests.map((r) => r.id).sort();

describe('conversation.shownHistory', () => {
  it('never moves back: a conversation written from an older read keeps the newer record', async () => {
    const request = await h.service.submitCreateGroup(createInput(), REQUESTER, { channelId: 'C0SECREQ' });
    const stale = (
      await h.service.attachConversation(request.id, { channelId: 'C0SECREQ', messageId: '1.1', shownHistory: 0 })
    ).conversation;
    await h.service.recordShown(request.id, 1);
    await h.service.attachConversation(request.id, { ...stale, channelId: 'C0SECREQ', promptId: '1.2' });
    expect((await h.service.get(request.id)).conversation).toEqual({
      channelId: 'C0SECREQ',
      messageId: '1.1',
      promptId: '1.2',
      shownHistory: 1,
    });
    const before = await h.service.get(request.id);
    expect(await h.service.recordShown(request.id, 0)).toEqual(before);
  });

  it('the store lists posted requests shown less than their history, and pending ones never posted', async () => {
    const posted = await h.service.submitCreateGroup(createInput({ name: 'posted' }), REQUESTER, {
      channelId: 'C0SECREQ',
    });
    await h.service.attachConversation(posted.id, { channelId: 'C0SECREQ', messageId: '1.1', shownHistory: 0 });
    const shown = await h.service.submitCreateGroup(createInput({ name: 'shown' }), REQUESTER, {
      channelId: 'C0SECREQ',
    });
    await h.service.attachConversation(shown.id, { channelId: 'C0SECREQ', messageId: '2.1', shownHistory: 1 });
    const neverPosted = await h.service.submitCreateGroup(createInput({ name: 'unposted' }), REQUESTER, {
      channelId: 'C0SECREQ',
    });
    const noChannel = await h.service.submitCreateGroup(createInput({ name: 'nowhere' }), REQUESTER);
    // From before the record was kept: posted, no record. Not shown again (its rules may be out).
    const legacy = await h.service.submitCreateGroup(createInput({ name: 'legacy' }), REQUESTER, {
      channelId: 'C0SECREQ',
    });
    await h.service.attachConversation(legacy.id, { channelId: 'C0SECREQ', messageId: '3.1' });

    expect(ids(await h.store.listUnshown())).toEqual(ids([posted, neverPosted]));

    await h.service.recordShown(posted.id, 1);
    await h.service.approve(shown.id, AP1);
    expect(ids(await h.store.listUnshown())).toEqual(ids([neverPosted, shown]));
    expect(noChannel.conversation).toBeUndefined();
  });
});
