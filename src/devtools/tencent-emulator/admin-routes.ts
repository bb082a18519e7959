/**
 * The emulator's own endpoints under /__admin/ (not Tencent's, and not signed): its state, faults,
 * the calls it received, its quotas and regions, and instances using a group.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { EmulatorLimits } from './action-context.js';
import type { CallLog } from './call-log.js';
import type { EmulatorState } from './emulator-state.js';
import { type EmulatorFaults, faultsPatchSchema } from './faults.js';
import { parseJson, sendJson } from './http-io.js';
import type { EmulatedRegion } from './regions.js';
import type { StateStore } from './state-store.js';

export const associationSchema = z
  .object({
    SecurityGroupId: z.string().regex(/^sg-[a-z0-9]{8}$/, 'a security group id, sg-xxxxxxxx'),
    /** Tencent's instance types as DescribeSecurityGroupAssociationStatistics counts them: CVM, CDB, ENI, CLB, … */
    InstanceType: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an instance type in capitals, such as CVM, CDB, ENI or CLB'),
    /** How many instances of that type use the group; 0 detaches them. */
    InstanceCount: z.number().int().min(0),
  })
  .strict();
export type Association = z.infer<typeof associationSchema>;

/** Changes the quotas of a running emulator (a test's "the region is full now"). */
export const limitsPatchSchema = z
  .object({
    groupQuota: z.number().int().min(0).optional(),
    ruleQuota: z.number().int().min(0).optional(),
  })
  .strict();
export type LimitsPatch = z.input<typeof limitsPatchSchema>;

/** A project created in the console meanwhile (Tencent's own AddProject is not emulated). */
export const projectSchema = z.object({ ProjectName: z.string().trim().min(1).max(64) }).strict();

/** Adds a project with the next free id; resolves with that id. */
export async function addProject(store: StateStore, name: string, createTime: string): Promise<number> {
  let id = 0;
  await store.change((state: EmulatorState) => {
    id = Math.max(1_000_000, ...state.projects.map((p) => p.ProjectId)) + 1;
    state.projects.push({
      ProjectId: id,
      ProjectName: name,
      CreatorUin: 100000000001,
      ProjectInfo: '',
      CreateTime: createTime,
    });
  });
  return id;
}
/** The regions it serves, with their names in both languages DescribeRegions answers in. */
export const regionsSchema = z.array(
  z
    .object({
      id: z.string().regex(/^[a-z]+(-[a-z0-9]+)+$/, 'a region id such as ap-guangzhou'),
      zh: z.string(),
      en: z.string(),
    })
    .strict(),
);

export class UnknownGroupError extends Error {}

/** Sets how many instances of a type use a group (in whichever region it is). */
export function associate(store: StateStore, association: Association): Promise<void> {
  return store.change((state: EmulatorState) => {
    const group = state.groups.find((g) => g.SecurityGroupId === association.SecurityGroupId);
    if (!group) throw new UnknownGroupError(`no security group ${association.SecurityGroupId}`);
    if (association.InstanceCount === 0) delete group.Associations[association.InstanceType];
    else group.Associations[association.InstanceType] = association.InstanceCount;
  });
}

export interface AdminDeps {
  store: StateStore;
  faults: EmulatorFaults;
  calls: CallLog;
  limits: EmulatorLimits;
  applyFaults(patch: z.output<typeof faultsPatchSchema>): void;
  /** Now, as Tencent writes times (a new project's CreateTime). */
  now(): string;
  setRegions(regions: readonly EmulatedRegion[]): void;
}

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

export function adminHandler(deps: AdminDeps) {
  return async (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> => {
    const route = `${req.method} ${path}`;
    const json = () => parseJson(body.length === 0 ? Buffer.from('{}') : body);
    if (route === 'GET /__admin/state') return sendJson(res, 200, { state: deps.store.saved(), faults: deps.faults });
    if (route === 'GET /__admin/calls') return sendJson(res, 200, { calls: deps.calls.list() });
    if (route === 'DELETE /__admin/calls') {
      deps.calls.clear();
      return sendJson(res, 200, { calls: [] });
    }
    if (route === 'POST /__admin/reset') {
      await deps.store.change((state) => {
        state.groups = [];
      });
      return sendJson(res, 200, { state: deps.store.saved() });
    }
    const routes = [
      'POST /__admin/faults',
      'POST /__admin/limits',
      'POST /__admin/regions',
      'POST /__admin/associations',
      'POST /__admin/projects',
    ];
    if (!routes.includes(route)) {
      return sendJson(res, 404, { error: `no admin endpoint ${route}` });
    }
    const input = json();
    if (!input.ok) return sendJson(res, 400, { error: 'body is not valid JSON' });
    if (route === 'POST /__admin/limits') {
      const parsed = limitsPatchSchema.safeParse(input.value);
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid limits', problems: problems(parsed.error) });
      Object.assign(deps.limits, parsed.data);
      return sendJson(res, 200, { limits: deps.limits });
    }
    if (route === 'POST /__admin/projects') {
      const parsed = projectSchema.safeParse(input.value);
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid project', problems: problems(parsed.error) });
      const ProjectId = await addProject(deps.store, parsed.data.ProjectName, deps.now());
      return sendJson(res, 200, { ProjectId, ProjectName: parsed.data.ProjectName });
    }
    if (route === 'POST /__admin/regions') {
      const parsed = regionsSchema.safeParse(input.value);
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid regions', problems: problems(parsed.error) });
      deps.setRegions(parsed.data);
      return sendJson(res, 200, { regions: parsed.data });
    }
    if (route === 'POST /__admin/faults') {
      const parsed = faultsPatchSchema.safeParse(input.value);
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid faults', problems: problems(parsed.error) });
      deps.applyFaults(parsed.data);
      return sendJson(res, 200, { faults: deps.faults });
    }
    const parsed = associationSchema.safeParse(input.value);
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid association', problems: problems(parsed.error) });
    try {
      await associate(deps.store, parsed.data);
    } catch (err) {
      if (err instanceof UnknownGroupError) return sendJson(res, 404, { error: err.message });
      throw err;
    }
    const group = deps.store.saved().groups.find((g) => g.SecurityGroupId === parsed.data.SecurityGroupId);
    return sendJson(res, 200, {
      SecurityGroupId: parsed.data.SecurityGroupId,
      Associations: group?.Associations ?? {},
    });
  };
}
