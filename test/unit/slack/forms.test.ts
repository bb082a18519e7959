import { describe, expect, it } from 'vitest';
import { addRulesErrors, readAddRulesForm } from '../../../src/slack/forms/add-rules-form.js';
import { newGroupErrors, readNewGroupForm } from '../../../src/slack/forms/new-group-form.js';
import {
  decodeNewGroupMetadata,
  decodeRequestMetadata,
  encodeNewGroupMetadata,
} from '../../../src/slack/forms/private-metadata.js';
import { readRejectForm } from '../../../src/slack/forms/reject-form.js';
import type { ViewStateValues } from '../../../src/slack/forms/view-state.js';

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const selected = (value: string) => ({ type: 'static_select', selected_option: { value } });

describe('readNewGroupForm', () => {
  it('reads each field from its block and action', () => {
    const values: ViewStateValues = {
      new_group_region: { region: selected('ap-shanghai') },
      new_group_template: { template: { type: 'radio_buttons', selected_option: { value: 'custom' } } },
      new_group_name: { name: text('web') },
      new_group_project: { project: selected('0') },
      new_group_notes: { notes: text(null) },
    };
    expect(readNewGroupForm(values)).toEqual({
      region: 'ap-shanghai',
      templateId: 'custom',
      name: 'web',
      projectId: '0',
      notes: '',
      keep: { keepFor: 'permanent' },
    });
  });

  it('joins the lines of the multiline notes box into the one-line description', () => {
    const form = readNewGroupForm({ new_group_notes: { notes: text('web tier\n  for the shop\r\nprod') } });
    expect(form.notes).toBe('web tier for the shop prod');
  });

  it('reads missing blocks as empty', () => {
    expect(readNewGroupForm({})).toEqual({
      region: '',
      templateId: '',
      name: '',
      projectId: '',
      notes: '',
      keep: { keepFor: 'permanent' },
    });
  });

  it('keys issues by block id, joining two on one field', () => {
    expect(
      newGroupErrors([
        { field: 'name', message: 'Keep a name to 60 characters (it has 61).' },
        { field: 'notes', message: 'Too long.' },
        { field: 'notes', message: 'One line.' },
        { field: 'somethingElse', message: 'Odd.' },
      ]),
    ).toEqual({
      new_group_name: 'Keep a name to 60 characters (it has 61).; Odd.',
      new_group_notes: 'Too long.; One line.',
    });
  });
});

describe('readAddRulesForm', () => {
  const boxes = (inbound: string | null, outbound: string | null): ViewStateValues => ({
    add_rules_inbound: { rules: text(inbound) },
    add_rules_outbound: { rules: text(outbound) },
  });

  it('reads one rule per line from each box and remembers the line each came from', () => {
    const read = readAddRulesForm(
      boxes('# office\n10.0.0.0/8 TCP:443 Allow web\n\n192.168.0.0/16 icmp allow', '::/0 ICMPv6 Reject'),
    );
    expect(read).toEqual({
      form: {
        rules: [
          {
            direction: 'inbound',
            protocol: 'TCP',
            port: '443',
            peer: '10.0.0.0/8',
            action: 'ACCEPT',
            description: 'web',
          },
          {
            direction: 'inbound',
            protocol: 'ICMP',
            port: 'ALL',
            peer: '192.168.0.0/16',
            action: 'ACCEPT',
            description: '',
          },
          { direction: 'outbound', protocol: 'ICMPv6', port: 'ALL', peer: '::/0', action: 'DROP', description: '' },
        ],
        lines: [
          { direction: 'inbound', line: 2 },
          { direction: 'inbound', line: 4 },
          { direction: 'outbound', line: 1 },
        ],
      },
    });
  });

  it('puts the lines that are not rules beside their box, and needs one rule', () => {
    expect(readAddRulesForm(boxes('10.0.0.0/8 TCP:443 Allow', '\n0.0.0.0/0 TCP:99999 Allow'))).toEqual({
      errors: { add_rules_outbound: 'Line 2: port 99999 is out of range: ports go from 1 to 65535.' },
    });
    expect(readAddRulesForm(boxes(' ', null))).toEqual({
      errors: {
        add_rules_inbound: 'Write at least one rule, inbound or outbound, for example: 10.0.0.0/8 TCP:443 Allow',
      },
    });
  });

  it('shows the first five bad lines of a box and counts the rest', () => {
    const read = readAddRulesForm(boxes(Array.from({ length: 8 }, () => 'x').join('\n'), null));
    const lines = 'errors' in read ? (read.errors.add_rules_inbound ?? '').split('\n') : [];
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^Line 1: /);
    expect(lines[5]).toBe('…and 3 more.');
  });

  it("puts the service's rules.<i> issues beside the line rule i was typed on", () => {
    const form = {
      rules: [],
      lines: [
        { direction: 'inbound' as const, line: 3 },
        { direction: 'outbound' as const, line: 1 },
      ],
    };
    expect(
      addRulesErrors(form, [
        { field: 'rules.1.peer', message: 'There is no security group sg-1a2b3c4d in ap-guangzhou.' },
        { field: 'rules.0', message: 'The group already has this rule.' },
        { field: 'rules', message: 'Too many.' },
      ]),
    ).toEqual({
      add_rules_outbound: 'Line 1: there is no security group sg-1a2b3c4d in ap-guangzhou.',
      add_rules_inbound: 'Line 3: the group already has this rule.\nToo many.',
    });
  });
});

describe('readRejectForm', () => {
  it('needs a reason', () => {
    expect(readRejectForm({ reject_reason: { reason: text('  ') } })).toEqual({
      ok: false,
      errors: { reject_reason: 'Say why the request is rejected.' },
    });
  });

  it('returns the trimmed reason', () => {
    expect(readRejectForm({ reject_reason: { reason: text(' too open ') } })).toEqual({ ok: true, reason: 'too open' });
  });
});

describe('private metadata', () => {
  it('round-trips the new-group context', () => {
    const raw = encodeNewGroupMetadata({ channelId: 'C0123', responseUrl: 'https://hooks.slack.com/commands/1/2' });
    expect(decodeNewGroupMetadata(raw)).toEqual({
      channelId: 'C0123',
      responseUrl: 'https://hooks.slack.com/commands/1/2',
    });
  });

  it.each(['', 'not json', '{"channelId":"nope"}', '[]'])('refuses %j', (raw) => {
    expect(decodeNewGroupMetadata(raw)).toBeUndefined();
  });

  it('refuses a request id that is not a string', () => {
    expect(decodeRequestMetadata('{"requestId":5}')).toBeUndefined();
    expect(decodeRequestMetadata('{"requestId":"req-ab12cd34"}')).toEqual({ requestId: 'req-ab12cd34' });
  });
});
