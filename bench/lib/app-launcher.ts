/**
 * Starting secgroup for the bench: as `npm start` runs it (tsx), or compiled with tsc into the
 * bench's temporary folder and run by node, each with the configuration the bench gives it.
 */
import { spawn } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppChild, processRunning, REPO, startHttpApp, startTsxApp } from './processes.js';

/** `npm`: `npm start` itself (local mode only: it runs src/main.ts). */
export type Runner = 'tsx' | 'compiled' | 'npm';

export interface LaunchedApp extends AppChild {
  /** The node process running the app (tsx's child under tsx). */
  nodePid: number;
  logFile: string;
}

/** Compiles the two entry points (and what they import) into `outDir`; node_modules is linked beside them. */
export async function compileEntryPoints(outDir: string, configFile: string): Promise<void> {
  await writeFile(
    configFile,
    JSON.stringify({
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        outDir,
        rootDir: REPO,
        sourceMap: false,
        typeRoots: [join(REPO, 'node_modules/@types')],
      },
      include: [],
      // The development tools too: local mode loads them by a path tsc does not follow.
      files: [
        join(REPO, 'src/main.ts'),
        join(REPO, 'bench/children/app-main.ts'),
        join(REPO, 'src/devtools/local-stand-ins.ts'),
      ],
    }),
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    const tsc = spawn(join(REPO, 'node_modules/.bin/tsc'), ['-p', configFile], { cwd: REPO, stdio: 'inherit' });
    tsc.once('error', reject);
    tsc.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`tsc could not compile the entry points (exit ${code})`);
  await symlink(join(REPO, 'node_modules'), join(outDir, 'node_modules'));
}

/** `entry` is relative to the repository, as a .ts path (src/main.ts or bench/children/app-main.ts). */
export async function launchApp(options: {
  name: string;
  runner: Runner;
  entry: string;
  compiledDir: string;
  env: Record<string, string>;
  port: number;
  logFile: string;
  nodeFlags?: string[];
}): Promise<LaunchedApp> {
  const flags = options.nodeFlags ?? [];
  const compiledEntry = join(options.compiledDir, options.entry.replace(/\.ts$/, '.js'));
  let app: AppChild;
  if (options.runner === 'tsx') {
    app = await startTsxApp(options.name, options.entry, options.env, options.port, options.logFile, flags);
  } else if (options.runner === 'npm') {
    app = await startHttpApp(options.name, ['npm', 'start', '--silent'], options.env, options.port, options.logFile);
  } else {
    app = await startHttpApp(
      options.name,
      [process.execPath, ...flags, compiledEntry],
      options.env,
      options.port,
      options.logFile,
    );
  }
  const nodePid = await processRunning(app, options.runner === 'compiled' ? compiledEntry : options.entry);
  if (nodePid === undefined) throw new Error(`could not find the node process of ${options.name}`);
  return Object.assign(app, { nodePid, logFile: options.logFile });
}
