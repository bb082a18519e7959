/** Concurrent requests, atomic changes and the state file. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import {
  answer,
  call,
  codeOf,
  createGroup,
  emulatorFor,
  policiesOf,
  portsOf,
  type Sdk,
  sdkFor,
  tcp,
  tempStateFile,
} from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;
let state: Awaited<ReturnType<typeof tempStateFile>>;

const restart = async () => {
  await emulator.stop();
  emulator = await emulatorFor({ stateFile: state.path });
  sdk = sdkFor(emulator.url);
};
const savedGroups = async () => JSON.parse(await readFile(state.path, 'utf8')).groups as { SecurityGroupId: string }[];

beforeEach(async () => {
  state = await tempStateFile();
  emulator = await emulatorFor({ stateFile: state.path });
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
  await state.cleanup();
});

describe('emulator: concurrent requests', () => {
  it('answers other calls, reads and changes, while one call waits', async () => {
    const id = await createGroup(sdk);
    const held = emulator.holdNext('CreateSecurityGroupPolicies');
    const slow = call(sdk.vpc, 'CreateSecurityGroupPolicies', {
      SecurityGroupId: id,
      SecurityGroupPolicySet: { Ingress: [tcp('8080')] },
    });
    await held.arrived;
    expect(codeOf(await call(sdk.vpc, 'DescribeSecurityGroups', {}))).toBe('ok');
    expect(codeOf(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'meanwhile', GroupDescription: '' }))).toBe(
      'ok',
    );
    expect(await portsOf(sdk, id)).toEqual(['22']);
    held.release();
    expect(codeOf(await slow)).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['22', '8080']);
  });

  it('runs each change whole: concurrent changes all land, one Version each', async () => {
    const id = await createGroup(sdk);
    const ports = Array.from({ length: 20 }, (_, i) => String(1000 + i));
    const outcomes = await Promise.all(
      ports.map((port) =>
        call(sdk.vpc, 'CreateSecurityGroupPolicies', {
          SecurityGroupId: id,
          SecurityGroupPolicySet: { Ingress: [tcp(port)] },
        }),
      ),
    );
    expect(outcomes.map(codeOf)).toEqual(ports.map(() => 'ok'));
    const set = await policiesOf(sdk, id);
    expect(set.Version).toBe('21');
    expect(set.Ingress?.map((p) => p.Port).sort()).toEqual(['22', ...ports].sort());
    expect(JSON.parse(await readFile(state.path, 'utf8')).groups[0].Ingress).toHaveLength(21);
  });

  it('lets exactly one of many changes made from the same Version through', async () => {
    const id = await createGroup(sdk);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(sdk.vpc, 'ReplaceSecurityGroupPolicy', {
          SecurityGroupId: id,
          SecurityGroupPolicySet: { Version: '1', Ingress: [tcp(String(2000 + i), { PolicyIndex: 0 })] },
        }),
      ),
    );
    const codes = outcomes.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'UnsupportedOperation.VersionMismatch')).toHaveLength(9);
    expect((await policiesOf(sdk, id)).Version).toBe('2');
  });
});

describe('emulator: state file', () => {
  it('keeps groups and policies across a restart, written whole', async () => {
    const id = await createGroup(sdk);
    await restart();
    expect(await portsOf(sdk, id)).toEqual(['22']);
    expect(emulator.state().groups.map((g) => g.SecurityGroupId)).toEqual([id]);
    expect(await readdir(state.dir)).toEqual(['emulator.json']);
    expect((await savedGroups()).map((g) => g.SecurityGroupId)).toEqual([id]);
  });

  it('leaves the file as it was when a change is refused', async () => {
    await createGroup(sdk);
    const before = await readFile(state.path, 'utf8');
    const refused = await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'n'.repeat(61), GroupDescription: '' });
    expect(codeOf(refused)).toBe('InvalidParameterValue.TooLong');
    expect(await readFile(state.path, 'utf8')).toBe(before);
  });

  it('has saved a change by the time it answers it', async () => {
    const created = answer(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'saved', GroupDescription: '' }));
    expect((await savedGroups()).map((g) => g.SecurityGroupId)).toEqual([created.SecurityGroup?.SecurityGroupId]);
  });

  it('reads a file from before instances could be attached', async () => {
    const id = await createGroup(sdk);
    await emulator.stop();
    const file = JSON.parse(await readFile(state.path, 'utf8'));
    delete file.groups[0].Associations;
    await writeFile(state.path, JSON.stringify(file));
    emulator = await emulatorFor({ stateFile: state.path });
    expect(emulator.state().groups[0]).toMatchObject({ SecurityGroupId: id, Associations: {} });
  });

  it('will not start on a damaged file, and says which', async () => {
    await emulator.stop();
    await writeFile(state.path, '{"formatVersion": 1, "groups": [');
    await expect(emulatorFor({ stateFile: state.path })).rejects.toThrow(
      `Emulator state file ${state.path} is not valid JSON`,
    );
    emulator = await emulatorFor();
  });
});
