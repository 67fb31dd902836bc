/**
 * The system facts that decide whether a physical range can be mapped from user space,
 * and which cache mode each way gives: who we are, which kernel rules are on, lockdown.
 * Read from a root directory so a captured tree answers the same questions as the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pageSize } from '../sys/libc.js';

export type Lockdown = 'none' | 'integrity' | 'confidentiality';

export interface AccessFacts {
  /** Node's process.arch: 'x64', 'ia32', 'arm64', 'arm', ... (cache semantics differ). */
  arch: string;
  /** Effective uid 0: /dev/mem needs CAP_SYS_RAWIO, sysfs resource files are root-only (0600). */
  root: boolean;
  pageSize: number;
  /** /dev/mem exists (the kernel has CONFIG_DEVMEM and devtmpfs made the node). */
  devMem: boolean;
  /** Active lockdown mode; undefined when securityfs is not mounted or the LSM is absent. */
  lockdown?: Lockdown;
  /** CONFIG_STRICT_DEVMEM: /dev/mem refuses System RAM. undefined: the config was not found. */
  strictDevmem?: boolean;
  /** CONFIG_IO_STRICT_DEVMEM: ranges a driver claimed are refused to /dev/mem and sysfs resource mmaps. */
  ioStrictDevmem?: boolean;
  /** `iomem=relaxed` on the kernel command line turns the IO_STRICT_DEVMEM check off. */
  iomemRelaxed: boolean;
  /** The kernel release the config was looked up for. */
  release?: string;
}

export interface ProcessIdentity {
  arch: string;
  euid: number;
  pageSize: number;
}

/** The running process: its CPU, effective user and page size. */
export function thisProcess(): ProcessIdentity {
  return { arch: process.arch, euid: process.geteuid?.() ?? -1, pageSize: pageSize() };
}

/** Reads the facts under `root` ('/' on a live system; a fixture directory in tests). */
export function readAccessFacts(root: string, me: ProcessIdentity): AccessFacts {
  const text = (p: string) => {
    try {
      return readFileSync(join(root, p), 'utf8');
    } catch {
      return undefined; // absent here: the fact stays unknown
    }
  };
  const release = text('proc/sys/kernel/osrelease')?.trim();
  const config = kernelConfig(root, release);
  const lockdownText = text('sys/kernel/security/lockdown');
  return {
    arch: me.arch,
    root: me.euid === 0,
    pageSize: me.pageSize,
    devMem: existsSync(join(root, 'dev/mem')),
    lockdown: lockdownText === undefined ? undefined : parseLockdown(lockdownText),
    strictDevmem: config === undefined ? undefined : configFlag(config, 'STRICT_DEVMEM'),
    ioStrictDevmem: config === undefined ? undefined : configFlag(config, 'IO_STRICT_DEVMEM'),
    iomemRelaxed: /(^|\s)iomem=relaxed(\s|$)/.test(text('proc/cmdline') ?? ''),
    release,
  };
}

/** `none [integrity] confidentiality` -> 'integrity': the bracketed word is the active mode. */
function parseLockdown(text: string): Lockdown | undefined {
  const m = /\[(none|integrity|confidentiality)\]/.exec(text);
  return m ? (m[1] as Lockdown) : undefined;
}

/** The kernel's build config: /boot/config-<release>, else /proc/config.gz (CONFIG_IKCONFIG_PROC). */
function kernelConfig(root: string, release: string | undefined): string | undefined {
  const boot = release && join(root, 'boot', `config-${release}`);
  if (boot && existsSync(boot)) return readFileSync(boot, 'utf8');
  const proc = join(root, 'proc/config.gz');
  if (existsSync(proc)) return gunzipSync(readFileSync(proc)).toString('utf8');
  return undefined;
}

function configFlag(config: string, name: string): boolean {
  return new RegExp(`^CONFIG_${name}=y$`, 'm').test(config);
}
