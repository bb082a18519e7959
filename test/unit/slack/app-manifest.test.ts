import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../../src/slack/ids.js';

const manifest = parse(readFileSync('slack-app-manifest.yml', 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync('test/fixtures/slack/slack-app-manifest.schema.json', 'utf8')) as object;

describe('slack-app-manifest.yml', () => {
  it("is valid against Slack's app manifest schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a manifest the schema forbids (the check is live)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ ...manifest, display_information: { name: 'x'.repeat(36) } })).toBe(false);
  });

  it('declares /secgroup with a usage hint, interactivity, Socket Mode, and only the scopes the app uses', () => {
    expect(manifest).toMatchObject({
      features: {
        bot_user: { display_name: 'secgroup' },
        slash_commands: [{ command: COMMAND, usage_hint: expect.stringContaining('new') }],
      },
      settings: { interactivity: { is_enabled: true }, socket_mode_enabled: true },
    });
    expect((manifest.oauth_config as { scopes: { bot: string[] } }).scopes.bot).toEqual([
      'commands',
      'chat:write',
      'usergroups:read',
    ]);
  });
});
