/**
 * Every user text — a group's name and notes, a rule's description, a rejection's reason — is
 * refused when it holds a character that changes how the text around it looks without being seen
 * (bidi controls, zero-width characters, line and paragraph separators), with a message naming the
 * character and where it is; everything else a person may type stays accepted.
 */
import { describe, expect, it } from 'vitest';
import { validateRejectReason } from '../../../src/service/policy/approval-policy.js';
import { validateCreateGroupInput } from '../../../src/service/requests/group-input.js';
import { parseRule } from '../../../src/service/rules/rules.js';
import type { Template } from '../../../src/service/types.js';

const DECEPTIVE: [number, string][] = [
  [0x061c, 'ARABIC LETTER MARK'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x2060, 'WORD JOINER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
];

const templates: Template[] = [{ id: 'custom', name: 'Custom', description: 'Blank', approvalsRequired: 1, rules: [] }];
const context = { regions: [{ id: 'ap-guangzhou', name: 'Guangzhou' }], templates };
const group = (fields: { name?: string; notes?: string }) =>
  validateCreateGroupInput(
    { region: 'ap-guangzhou', templateId: 'custom', projectId: '0', name: 'web', notes: '', ...fields },
    context,
  );
const rule = (description: string) =>
  parseRule({ direction: 'inbound', protocol: 'TCP', port: '22', peer: '10.0.0.0/8', action: 'ACCEPT', description });

/** Each user text, checked the way the service checks it, as [field, issues or nothing]. */
const FIELDS: [string, (text: string) => { field: string; message: string }[]][] = [
  ['the name', (text) => issuesOf(group({ name: text }))],
  ['the notes', (text) => issuesOf(group({ notes: text }))],
  ['the description', (text) => issuesOf(rule(text))],
  ['the reason', (text) => issuesOf(validateRejectReason(text))],
];

function issuesOf(result: { ok: true } | { ok: false; issues: { field: string; message: string }[] }) {
  return result.ok ? [] : result.issues;
}

describe.each(FIELDS)('%s', (field, check) => {
  it.each(DECEPTIVE)('refuses U+%s (%s), saying which character and where', (codePoint, name) => {
    const char = String.fromCodePoint(codePoint);
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    const issues = check(`web${char}prod`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(
      `There is an invisible U+${hex} ${name} in ${field} at character 4 (after "web"): ${
        codePoint >= 0x2028 && codePoint <= 0x2029
          ? 'it breaks the line'
          : [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff].includes(codePoint)
            ? 'it cannot be seen'
            : 'it changes the order the text is shown in'
      }. Remove it.`,
    );
  });

  it('refuses one at either end too, where trimming would have hidden it', () => {
    expect(check('\ufeffweb')[0]?.message).toMatch(
      /U\+FEFF ZERO WIDTH NO-BREAK SPACE .* at character 1 \(at the start\)/,
    );
    expect(check('web\u2029')[0]?.message).toMatch(/U\+2029 PARAGRAPH SEPARATOR .* at character 4 \(after "web"\)/);
  });

  it('counts characters as a person does, and quotes only what comes just before', () => {
    const message = check(`🔒${'x'.repeat(30)}\u202eevil`)[0]?.message;
    expect(message).toContain('at character 32 (after "xxxxxxxxxxxxxxxxxxxx")');
  });

  it.each([
    ['Arabic', 'خادم الويب'],
    ['Hebrew', 'שרת אינטרנט'],
    ['CJK', '网站服务器'],
    ['emoji', 'web 🔒 prod'],
    ['markup', '*APPROVED by security* _x_ ~x~ `code` :white_check_mark:'],
    ['a no-break space', 'web\u00a0prod'],
  ])('accepts %s', (_kind, text) => {
    expect(check(text)).toEqual([]);
  });
});
