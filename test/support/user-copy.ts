/**
 * Code for a child that runs as another user: root's tests drop to nobody (uid 65534),
 * since only then does the kernel say EACCES. Nobody may not be able to read the checkout
 * (root's home, where a clone usually lives, is 0700): neither the sources nor
 * node_modules/tsx. So the child runs a copy in a fresh world-readable directory under the
 * temp dir: the modules it imports, transpiled to JavaScript by TypeScript, and koffi.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { runNode, sourcePath, type ChildResult } from './child.js';

/** The user root's tests drop to. */
export const NOBODY = { uid: 65534, gid: 65534 };

export interface UserCopy {
  /** The copy's JavaScript for a project source file ('src/console/console.ts'), for import lines. */
  path(source: string): string;
  /** Runs an ES module script as `user` (uid and gid; default this process's), from the copy's directory, without tsx. */
  run(script: string, user?: { uid: number; gid: number }, timeoutMs?: number): Promise<ChildResult>;
  remove(): void;
}

/** A copy of `entries` (project-relative .ts files) and every module they import, readable by all. */
export function userCopy(entries: readonly string[]): UserCopy {
  const root = sourcePath('');
  const dir = mkdtempSync(join(tmpdir(), 'fbkit-user-copy-'));
  const target = (source: string) => join(dir, relative(root, resolve(root, source)).replace(/\.ts$/, '.js'));
  const todo = entries.map((entry) => resolve(root, entry));
  const done = new Set<string>();
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const text = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(text).importedFiles) {
      if (fileName.startsWith('.')) todo.push(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      // koffi is copied below; its only static import is a type. Another package would need copying too.
      else if (!fileName.startsWith('node:') && fileName !== 'koffi')
        throw new Error(`userCopy: ${relative(root, file)} imports ${fileName}, which the copy lacks`);
    }
    const out = target(file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText,
    );
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // sys/libc.ts loads koffi at run time; koffi finds its prebuilt binary in the package beside it.
  const koffi = dirname(createRequire(import.meta.url).resolve('koffi'));
  const binary = join(koffi, '..', '@koromix', `koffi-${process.platform}-${process.arch}`);
  cpSync(koffi, join(dir, 'node_modules', 'koffi'), { recursive: true });
  if (existsSync(binary)) cpSync(binary, join(dir, 'node_modules', '@koromix', basename(binary)), { recursive: true });
  readableByAll(dir);
  return {
    path: target,
    run: (script, user, timeoutMs = 20_000) => {
      // The parent's NODE_OPTIONS may preload what this user cannot read.
      const { NODE_OPTIONS: _, ...env } = process.env;
      return runNode(['--input-type=module', '-e', script], { cwd: dir, uid: user?.uid, gid: user?.gid, env, timeout: timeoutMs });
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Directories 0755, files 0644, whatever the umask or the copied files' modes were. */
function readableByAll(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) readableByAll(full);
    else chmodSync(full, 0o644);
  }
}
