/** What the emulator remembers, and its file: written atomically, so a restart finds it whole. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const tag = z.object({ Key: z.string(), Value: z.string() });

const storedPolicy = z.object({
  Protocol: z.string(),
  Port: z.string(),
  CidrBlock: z.string(),
  Ipv6CidrBlock: z.string(),
  SecurityGroupId: z.string(),
  AddressTemplate: z.object({ AddressId: z.string(), AddressGroupId: z.string() }),
  ServiceTemplate: z.object({ ServiceId: z.string(), ServiceGroupId: z.string() }),
  Action: z.enum(['ACCEPT', 'DROP']),
  PolicyDescription: z.string(),
  ModifyTime: z.string(),
});
export type StoredPolicy = z.infer<typeof storedPolicy>;

const storedGroup = z.object({
  SecurityGroupId: z.string(),
  SecurityGroupName: z.string(),
  SecurityGroupDesc: z.string(),
  ProjectId: z.string(),
  IsDefault: z.boolean(),
  CreatedTime: z.string(),
  UpdateTime: z.string(),
  Region: z.string(),
  TagSet: z.array(tag),
  Ingress: z.array(storedPolicy),
  Egress: z.array(storedPolicy),
  /** SecurityGroupPolicySet.Version: bumped by every change to the policies. */
  PolicyVersion: z.number().int(),
  /**
   * Instances using the group, by Tencent's InstanceType (CVM, CDB, ENI, CLB, …): the emulator has
   * no instances, so /__admin/associations sets these counts (absent in files of older emulators).
   */
  Associations: z.record(z.string(), z.number().int().min(0)).default({}),
});
export type StoredGroup = z.infer<typeof storedGroup>;

const storedProject = z.object({
  ProjectId: z.number().int(),
  ProjectName: z.string(),
  CreatorUin: z.number().int(),
  ProjectInfo: z.string(),
  CreateTime: z.string(),
});
export type StoredProject = z.infer<typeof storedProject>;

const emulatorState = z.object({
  formatVersion: z.literal(1),
  /** Oldest first. */
  groups: z.array(storedGroup),
  projects: z.array(storedProject),
});
export type EmulatorState = z.infer<typeof emulatorState>;

export interface StateFile {
  /** The saved state, or undefined when there is no file yet. */
  load(): Promise<EmulatorState | undefined>;
  save(state: EmulatorState): Promise<void>;
}

export function stateFile(path: string): StateFile {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`Emulator state file ${path} is not valid JSON; move it away to start afresh`);
      }
      const parsed = emulatorState.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
        throw new Error(
          `Emulator state file ${path} is not in the expected shape (${where}); move it away to start afresh`,
        );
      }
      return parsed.data;
    },
    async save(state) {
      await mkdir(dirname(path), { recursive: true });
      // A reader (or a restart after a crash) sees the old file or the new one, never half of one.
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
      await rename(temp, path);
    },
  };
}
