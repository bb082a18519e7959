/**
 * Names that deceive, through the real app: user text holding a bidi control, a zero-width
 * character or a line separator is refused beside its field, naming the character and where it
 * is; and user text full of mrkdwn (`*APPROVED by security*`, `_x_`, `~x~`, backticks, emoji codes)
 * reaches Slack only where Slack formats nothing — plain_text with emoji off, or inside code —
 * on the card, the prompt, the thread, history and show.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import { failNext } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { mrkdwnTexts } from '../../reliability/support/inert.js';
import { cardTsOf, click, submitNewGroup, threadPostsOf, waitForStatus } from './flow.js';
import { addRulesSubmission, newGroupSubmission, REQUESTER, rejectSubmission, slashCommand } from './payloads.js';

const APPROVER = 'U0APPROVER1';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

describe('characters that change how text looks are refused beside their field', () => {
  it('a name with U+202E RIGHT-TO-LEFT OVERRIDE and notes with U+200B: errors on both fields, nothing stored', async () => {
    const res = await t.send('interaction', newGroupSubmission({ name: 'web\u202eorp-', notes: 'for\u200b the shop' }));
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        new_group_name:
          'There is an invisible U+202E RIGHT-TO-LEFT OVERRIDE in the name at character 4 (after "web"): it changes the order the text is shown in. Remove it.',
        new_group_notes:
          'There is an invisible U+200B ZERO WIDTH SPACE in the notes at character 4 (after "for"): it cannot be seen. Remove it.',
      },
    });
    expect((await t.service.history({ limit: 10 })).items).toEqual([]);
    expect(t.slackApi.calls).toEqual([]);
  });

  it('a reject reason with U+200F RIGHT-TO-LEFT MARK: an error on the reason, the request still pending', async () => {
    const request = await submitNewGroup(t);
    const res = await t.send('interaction', rejectSubmission(request.id, 'no\u200f thanks', APPROVER));
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        reject_reason:
          'There is an invisible U+200F RIGHT-TO-LEFT MARK in the reason at character 3 (after "no"): it changes the order the text is shown in. Remove it.',
      },
    });
    expect((await t.service.get(request.id)).status).toBe('pending');
  });

  it('a rule description with U+2028 LINE SEPARATOR: an error on that row, nothing stored', async () => {
    const parent = await createdGroup('blank');
    const res = await t.send(
      'interaction',
      addRulesSubmission(
        parent.id,
        [{}, { port: '443', peer: '10.0.0.0/8', description: 'HTTPS\u2028from the office' }],
        REQUESTER,
      ),
    );
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        add_rules_inbound:
          'Line 1: there is an invisible U+2028 LINE SEPARATOR in the description at character 6 (after "HTTPS"): it breaks the line. Remove it.',
      },
    });
    expect((await t.service.history({ limit: 10 })).items.map((r) => r.kind)).toEqual(['create-group']);
  });
});

/** Worst cases: every mrkdwn construct, in every user text the app shows. */
const NAME = '*APPROVED by security* :white_check_mark:';
const NOTES = '_x_ ~x~ `rm -rf` ```block``` :rotating_light: > quoted';
const DESCRIPTION = '*ok* _fine_ ~no~ :tada: `x` ```y```';
const REASON = '~no~ *APPROVED* _x_ :white_check_mark: `y`\n> second *line*';
const CLOUD_MESSAGE = 'GroupName *APPROVED by security* :white_check_mark: is _invalid_';
/** Pieces of the user text above that, outside code, would render as formatting. */
const MARKERS = [
  '*APPROVED',
  ':white_check_mark: is',
  'security* :white_check_mark:',
  '_x_',
  '~x~',
  '~no~',
  '_fine_',
  '*ok*',
  ':rotating_light:',
  ':tada:',
  '_invalid_',
  '*line*',
  'rm -rf',
  '```block',
];

/** A mrkdwn text with its code blocks and inline code spans taken out: what Slack formats. */
function formattedPart(text: string): string {
  return text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** Every message and private answer the app sent, as Slack received them. */
function everythingSent(): unknown[] {
  const posted = t.slackApi.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.args);
  return [...posted, ...t.slackApi.responses.map((r) => r.body)];
}

/** Every plain_text object in the messages. */
function plainTexts(messages: unknown[]): { text: string; emoji?: boolean }[] {
  const found: { text: string; emoji?: boolean }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === 'plain_text' && typeof object.text === 'string') {
      found.push({ text: object.text, ...(typeof object.emoji === 'boolean' ? { emoji: object.emoji } : {}) });
    }
    for (const value of Object.values(object)) visit(value);
  };
  visit(messages);
  return found;
}

async function createdGroup(name: string): Promise<ChangeRequest> {
  const request = await submitNewGroup(t, { templateId: 'custom', name });
  await click(t, 'secgroup_approve', request.id, APPROVER);
  await waitForStatus(t, request.id, 'done');
  // prompt, rules read back (none), the "Add rules now" offer
  await vi.waitFor(() => expect(threadPostsOf(t, cardTsOf(request))).toHaveLength(3));
  return t.service.get(request.id);
}

describe('user text full of mrkdwn is shown as typed, never as formatting', () => {
  it('on the card, the prompt, the thread, history and show', async () => {
    // Rejected with a reason: the card and the prompt say why.
    const rejected = await submitNewGroup(t, { name: NAME, notes: NOTES });
    expect(rejected.spec).toMatchObject({ name: NAME, notes: NOTES });
    await t.send('interaction', rejectSubmission(rejected.id, REASON, APPROVER));
    await waitForStatus(t, rejected.id, 'rejected');
    // The thread tells the requester too; let it land before the next request is counted.
    await t.settled();

    // Created, then rules added with a description: the rules are read back into the thread.
    const parent = await createdGroup(NAME);
    await t.send(
      'interaction',
      addRulesSubmission(parent.id, [{ port: '443', peer: '10.0.0.0/8', description: DESCRIPTION }], REQUESTER),
    );
    const added = await vi.waitFor(async () => {
      const found = (await t.service.history({ limit: 10 })).items.find((r) => r.kind === 'add-rules');
      if (!found || !(await t.shown(found.id))?.promptTs) throw new Error('the add-rules request is not posted yet');
      return found;
    });
    await click(t, 'secgroup_approve', added.id, APPROVER);
    await waitForStatus(t, added.id, 'done');
    // Its rules read back are posted in the thread; let them land before the next request is counted.
    await t.settled();

    // Refused by the cloud with a message that repeats the name.
    const failing = await submitNewGroup(t, { name: NAME, notes: NOTES });
    failNext(t.emulator, {
      action: 'CreateSecurityGroupWithPolicies',
      code: 'InvalidParameter',
      message: CLOUD_MESSAGE,
    });
    await click(t, 'secgroup_approve', failing.id, APPROVER);
    await waitForStatus(t, failing.id, 'failed');
    await t.settled();

    const commands: [string, string][] = [
      ['history', 'history'],
      [`show ${rejected.id}`, 'show-rejected'],
      [`show ${failing.id}`, 'show-failed'],
      [`show ${added.id}`, 'show-added'],
      ['list', 'list'],
    ];
    for (const [text, name] of commands) {
      await t.send('command', slashCommand(text, { response_url: t.slackApi.responseUrl(name) }));
      await vi.waitFor(() => expect(t.slackApi.responses.map((r) => r.name)).toContain(name));
    }

    const sent = everythingSent();
    const texts = JSON.stringify(sent);
    // Each user text did reach Slack…
    for (const shown of [NAME, NOTES, DESCRIPTION.replace(/`/g, "'"), 'second *line*', 'is _invalid_']) {
      expect(texts).toContain(JSON.stringify(shown).slice(1, -1));
    }
    // …but never where Slack would format it,
    const formatted = sent.flatMap(mrkdwnTexts).map(formattedPart);
    for (const marker of MARKERS) {
      expect(formatted.filter((text) => text.includes(marker))).toEqual([]);
    }
    // and where it is plain text, emoji codes stay as typed.
    const userPlainTexts = plainTexts(sent).filter((p) => MARKERS.some((m) => p.text.includes(m)));
    expect(userPlainTexts.length).toBeGreaterThan(0);
    expect(userPlainTexts.filter((p) => p.emoji !== false)).toEqual([]);
  });
});
