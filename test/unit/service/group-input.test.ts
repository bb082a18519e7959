import { describe, expect, it } from 'vitest';
import type { CreateGroupInput } from '../../../src/service/api.js';
import { validateAddRulesInput, validateCreateGroupInput } from '../../../src/service/requests/group-input.js';
import type { Region, Template } from '../../../src/service/types.js';

const regions: Region[] = [
  { id: 'ap-guangzhou', name: 'South China (Guangzhou)' },
  { id: 'ap-tokyo', name: 'Northeast Asia (Tokyo)' },
];
const templates: Template[] = [
  { id: 'custom', name: 'Custom', description: 'Blank', approvalsRequired: 1, rules: [] },
  { id: 'web-basic', name: 'Web', description: 'Web', approvalsRequired: 1, rules: [] },
];
const projects = [
  { id: '0', name: 'Default project' },
  { id: '1001', name: 'Payments' },
];

const good: CreateGroupInput = {
  region: 'ap-guangzhou',
  templateId: 'web-basic',
  name: 'web-prod',
  projectId: '0',
  notes: 'Front end servers',
};

const create = (overrides: Partial<Record<keyof CreateGroupInput, unknown>>, withProjects = true) =>
  validateCreateGroupInput({ ...good, ...overrides }, { regions, templates, ...(withProjects ? { projects } : {}) });

describe('validateCreateGroupInput', () => {
  it('accepts a complete input and trims it', () => {
    expect(create({ name: '  web-prod  ', notes: ' front ' })).toEqual({
      ok: true,
      value: { ...good, name: 'web-prod', notes: 'front' },
    });
  });

  it.each([
    ['a blank project as the Default project', { projectId: '' }, { projectId: '0' }],
    ['a missing project as the Default project', { projectId: undefined }, { projectId: '0' }],
    ['a listed project', { projectId: '1001' }, { projectId: '1001' }],
    ['a missing note as blank', { notes: undefined }, { notes: '' }],
    ['a 60-character name', { name: 'n'.repeat(60) }, { name: 'n'.repeat(60) }],
    ['a 60-character name in CJK', { name: '安'.repeat(60) }, { name: '安'.repeat(60) }],
    ['100 characters of notes', { notes: 'n'.repeat(100) }, { notes: 'n'.repeat(100) }],
  ])('accepts %s', (_name, overrides, expected) => {
    expect(create(overrides)).toMatchObject({ ok: true, value: expected });
  });

  it('accepts any numeric project when no project list is given', () => {
    expect(create({ projectId: '777' }, false)).toMatchObject({ ok: true, value: { projectId: '777' } });
  });

  it.each([
    ['an unknown region', { region: 'mars-1' }, 'region', /"mars-1" is not a known region/],
    ['a blank region', { region: '' }, 'region', /Choose a region/],
    ['an unknown template', { templateId: 'nope' }, 'templateId', /is not a template/],
    ['a blank template', { templateId: '' }, 'templateId', /Choose a template/],
    ['a blank name', { name: '   ' }, 'name', /Enter a name/],
    ['a missing name', { name: undefined }, 'name', /Enter a name/],
    ['a 61-character name', { name: 'n'.repeat(61) }, 'name', /60 characters \(it has 61\)/],
    ['a name with a newline', { name: 'web\nprod' }, 'name', /one line/],
    ['a name with a NUL', { name: 'web\u0000' }, 'name', /control characters/],
    ['a name that is a number', { name: 42 }, 'name', /Enter a name/],
    ['101 characters of notes', { notes: 'n'.repeat(101) }, 'notes', /100 characters/],
    ['notes with a tab', { notes: 'a\tb' }, 'notes', /one line/],
    ['a project that is not a number', { projectId: 'payments' }, 'projectId', /project ids are numbers/],
    ['a negative project', { projectId: '-1' }, 'projectId', /project ids are numbers/],
    ['an unlisted project', { projectId: '999' }, 'projectId', /Project 999 does not exist/],
  ])('refuses %s', (_name, overrides, field, message) => {
    const result = create(overrides);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('reports every bad field at once, by field name', () => {
    const result = validateCreateGroupInput({}, { regions, templates });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['region', 'templateId', 'name']);
  });

  it('treats a non-object as every required field missing', () => {
    const result = validateCreateGroupInput('hello', { regions, templates });
    expect(result.ok).toBe(false);
  });
});

const goodRule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: '203.0.113.0/24',
  action: 'ACCEPT',
  description: 'SSH from the office',
};

describe('validateAddRulesInput', () => {
  it('accepts rules for a group and returns domain rules', () => {
    const result = validateAddRulesInput(
      { region: 'ap-tokyo', securityGroupId: ' SG-1A2B3C4D ', rules: [goodRule] },
      { regions },
    );
    expect(result).toEqual({
      ok: true,
      value: {
        region: 'ap-tokyo',
        securityGroupId: 'sg-1a2b3c4d',
        rules: [{ ...goodRule, peer: { kind: 'ipv4', cidr: '203.0.113.0/24' } }],
      },
    });
  });

  it.each([
    ['an unknown region', { region: 'ap-nowhere' }, 'region', /not a known region/],
    ['a missing group id', { securityGroupId: '' }, 'securityGroupId', /Enter the security group id/],
    ['a malformed group id', { securityGroupId: 'sg-12' }, 'securityGroupId', /"sg-12" is not a security group id/],
    ['no rules', { rules: [] }, 'rules', /Add at least one rule/],
    ['rules that are not a list', { rules: 'tcp 22' }, 'rules', /Add at least one rule/],
    ['201 rules', { rules: Array.from({ length: 201 }, () => goodRule) }, 'rules', /at most 200 rules/],
    ['a bad port in rule 1', { rules: [goodRule, { ...goodRule, port: '0' }] }, 'rules.1.port', /out of range/],
    ['a rule missing its peer', { rules: [{ ...goodRule, peer: undefined }] }, 'rules.0.peer', /Enter a peer/],
  ])('refuses %s', (_name, overrides, field, message) => {
    const result = validateAddRulesInput(
      { region: 'ap-tokyo', securityGroupId: 'sg-1a2b3c4d', rules: [goodRule], ...overrides },
      { regions },
    );
    expect(result.ok ? [] : result.issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('accepts a port given as a number', () => {
    const result = validateAddRulesInput(
      { region: 'ap-tokyo', securityGroupId: 'sg-1a2b3c4d', rules: [{ ...goodRule, port: 22 }] },
      { regions },
    );
    expect(result.ok && result.value.rules[0]?.port).toBe('22');
  });
});
