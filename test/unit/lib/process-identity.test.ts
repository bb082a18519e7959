import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isGoneLocalProcess, newProcessId } from '../../../src/lib/process-identity.js';

describe('isGoneLocalProcess', () => {
  const self = newProcessId();

  it('names this host and pid', () => {
    expect(self.startsWith(`${hostname()}:${process.pid}:`)).toBe(true);
  });

  it('knows a finished process on this host is gone', () => {
    const finished = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(isGoneLocalProcess(`${hostname()}:${finished}:abcd`, self)).toBe(true);
  });

  it('knows an earlier run that reused this pid is gone', () => {
    expect(isGoneLocalProcess(`${hostname()}:${process.pid}:zzzz`, self)).toBe(true);
  });

  it.each([
    ['itself', () => self],
    ['another service in this process', () => newProcessId()],
    ['a live process on this host', () => `${hostname()}:${process.ppid}:abcd`],
    ['a process on another host', () => `elsewhere.example:${process.pid}:abcd`],
    ['a name it cannot read', () => 'replica-a'],
  ])('counts %s as alive', (_, owner) => {
    expect(isGoneLocalProcess(owner(), self)).toBe(false);
  });
});
