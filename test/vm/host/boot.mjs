// Boots one machine of machines.mjs with the scenarios chosen for it, serves the guest's
// requests to the host (QMP) while they run, and turns the serial console into results.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createExchangeDir, serveRequests } from './exchange.mjs';
import { buildInitramfs } from './initramfs.mjs';
import { Qmp } from './qmp.mjs';
import { Report } from './report.mjs';

/**
 * Resolves to { results, problems, bootMs, totalMs, exchange }. `platform`: what the machine's
 * arch boots (platforms.mjs). `scenarios`: file names in test/vm/scenarios/, run in this order. The exchange directory is kept when anything failed.
 */
export async function bootMachine({ machine, platform, scenarios, project, cacheDir, timeoutMs, verbose }) {
  const started = Date.now();
  const initScript = fileURLToPath(new URL('../guest/init.sh', import.meta.url));
  const initrd = buildInitramfs({ ...platform, initScript, cacheDir, machine: machine.name, modules: machine.modules });
  // Inside the checkout, so the same path names it on the host and in the guest
  // (where the read-only host root shows it and the writable share covers it).
  const exchange = createExchangeDir(`${cacheDir}/exchange-${process.pid}-${machine.name}`);
  writeFileSync(`${exchange}/scenarios.txt`, `${scenarios.join('\n')}\n`);
  const serialLog = `${exchange}/serial.log`;
  const socketDir = mkdtempSync(`${tmpdir()}/fbkit-vm-`); // unix socket paths must be short
  const qmpSocket = `${socketDir}/qmp.sock`;

  const append = [
    `console=${platform.console} panic=-1 quiet loglevel=3`,
    'vt.global_cursor_default=0', // no blinking cursor in the screendumps
    `fbkit_project=${project} fbkit_exchange=${exchange} fbkit_node=${platform.node} fbkit_machine=${machine.name}`,
    `fbkit_scenario_timeout=${machine.scenarioTimeoutS ?? 90}`,
    platform.append,
    machine.append,
  ]
    .filter(Boolean)
    .join(' ');

  // QEMU option values escape a comma by doubling it.
  const qemuStarted = Date.now();
  const qemu = spawn(
    platform.qemu,
    [
      ...platform.board,
      ...['-accel', 'tcg', '-m', String(machine.memoryMb), '-smp', '1', '-nodefaults', '-no-reboot'],
      ...['-display', 'none', '-serial', 'stdio', '-qmp', `unix:${qmpSocket},server=on,wait=off`],
      ...['-kernel', platform.kernelImage, '-initrd', initrd, '-append', append],
      ...machine.devices,
      '-virtfs',
      'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
      '-virtfs',
      `local,path=${exchange.replaceAll(',', ',,')},mount_tag=hostout,security_model=none`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const qemuExited = new Promise((resolve) => qemu.on('exit', (code) => resolve(code)));

  const report = new Report({ verbose, prefix: `${machine.name}/` });
  const log = createWriteStream(serialLog);
  createInterface({ input: qemu.stdout }).on('line', (line) => {
    log.write(`${line}\n`);
    report.line(line);
  });
  let qemuStderr = '';
  qemu.stderr.on('data', (chunk) => (qemuStderr += chunk));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    qemu.kill('SIGKILL');
  }, timeoutMs);

  const problems = [];
  let stopServing = () => {};
  const qmp = await Promise.race([Qmp.connect(qmpSocket), qemuExited.then(() => null)]).catch((err) => {
    problems.push(`no QEMU monitor at ${qmpSocket}: ${err.message}`);
    qemu.kill('SIGKILL');
    return null;
  });
  if (qmp) {
    stopServing = serveRequests(
      exchange,
      {
        // device / head: which display (QEMU device id, head number); default the first.
        async screendump({ device, head }, { id, filesDir }) {
          const file = `${filesDir}/${id}.ppm`;
          await qmp.execute('screendump', {
            filename: file,
            ...(device === undefined ? {} : { device }),
            ...(head === undefined ? {} : { head }),
          });
          return { file };
        },
        // Any QMP command (input-send-event, send-key, device_del, device_add...).
        async qmp({ command, arguments: args }) {
          return { result: (await qmp.execute(command, args)) ?? null };
        },
      },
      { onError: (err) => console.log(`host request failed: ${err.message}`) },
    );
  }

  const exitCode = await qemuExited;
  clearTimeout(timer);
  stopServing();
  qmp?.close();
  await new Promise((resolve) => log.end(resolve));
  rmSync(socketDir, { recursive: true, force: true });

  if (report.fatal) problems.push(`${machine.name}: guest init failed: ${report.fatal}`);
  if (!report.done) {
    const why = timedOut ? `the machine timed out after ${timeoutMs / 1000}s` : `QEMU exited (${exitCode})`;
    report.abort(`${why} in the middle of this scenario`);
    problems.push(`${machine.name}: the guest did not finish: ${why}; serial log: ${serialLog}`);
    problems.push(`its last console lines:\n${report.tail.map((l) => `    ${l}`).join('\n')}`);
    if (qemuStderr.trim()) problems.push(`QEMU said: ${qemuStderr.trim()}`);
  }
  if (!problems.length && !report.failed) rmSync(exchange, { recursive: true, force: true });
  return {
    results: report.results,
    problems,
    bootMs: report.bootedAt ? report.bootedAt - qemuStarted : undefined,
    totalMs: Date.now() - started,
  };
}
