/**
 * Preloaded (`node --import`) into a child process by bench/run.mjs: at exit, prints the
 * child's own view of its start-up as JSON on stderr, so spawn overhead in the parent and
 * time spent waiting for a core do not blur the numbers.
 *   wallMs  from process start (performance.timeOrigin) to exit
 *   cpuMs   user + system CPU time of the whole process
 */
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`\nstartup-probe ${JSON.stringify({ wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1e3 })}\n`);
});
