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
    });
  });

  it('joins the lines of the multiline notes box into the one-line description', () => {
    const form = readNewGroupForm({ new_group_notes: { notes: text('web tier\n  for the shop\r\nprod') } });
    expect(form.notes).toBe('web tier for the shop prod');
  });

  it('reads missing blocks as empty', () => {
    expect(readNewGroupForm({})).toEqual({ region: '', templateId: '', name: '', projectId: '', notes: '' });
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
  function row(i: number, fields: Record<string, string>): ViewStateValues {
    const values: ViewStateValues = {};
    for (const [field, value] of Object.entries(fields)) {
      values[`rule_${i}_${field}`] = {
        [field]: ['direction', 'protocol', 'action'].includes(field) ? selected(value) : text(value),
      };
    }
    return values;
  }
  const defaults = { direction: 'inbound', protocol: 'TCP', action: 'ACCEPT' };

  it('skips rows left empty and remembers which row each rule came from', () => {
    const values = {
      ...row(0, { ...defaults, port: '', peer: '', description: '' }),
      ...row(1, { ...defaults, port: '443', peer: '10.0.0.0/8', description: 'web' }),
      ...row(2, { ...defaults }),
      ...row(3, { direction: 'outbound', protocol: 'ICMP', action: 'DROP', port: '', peer: '::/0', description: '' }),
    };
    const form = readAddRulesForm(values);
    expect(form.rows).toEqual([1, 3]);
    expect(form.rules).toEqual([
      { direction: 'inbound', protocol: 'TCP', port: '443', peer: '10.0.0.0/8', action: 'ACCEPT', description: 'web' },
      { direction: 'outbound', protocol: 'ICMP', port: 'ALL', peer: '::/0', action: 'DROP', description: '' },
    ]);
  });

  it('keeps a blank TCP port blank for the service to refuse', () => {
    const form = readAddRulesForm(row(0, { ...defaults, port: '', peer: '1.2.3.4/32', description: '' }));
    expect(form.rules[0]?.port).toBe('');
  });

  it('puts rules.<i>.<field> issues on the modal row the rule came from', () => {
    const form = { rules: [], rows: [1, 3] };
    expect(
      addRulesErrors(form, [
        { field: 'rules.1.port', message: 'Bad port.' },
        { field: 'rules.0.peer', message: 'Bad source.' },
        { field: 'rules', message: 'Too many.' },
      ]),
    ).toEqual({ rule_3_port: 'Bad port.', rule_1_peer: 'Bad source.; Too many.' });
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
