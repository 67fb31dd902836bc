/**
 * Preloaded (`node --require`) into a child process by bench/run.mjs: at exit, prints the
 * child's own view of its start-up as JSON on stderr, so spawn overhead in the parent and
 * time spent waiting for a core do not blur the numbers. CommonJS on purpose: a preloaded
 * ES module (`--import`) would set up node's ES module loader in every child, `node -e 0`
 * included, hiding what that loader costs a program started from an ES module.
 *   wallMs  from process start (performance.timeOrigin) to exit
 *   cpuMs   user + system CPU time of the whole process
 */
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`\nstartup-probe ${JSON.stringify({ wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1e3 })}\n`);
});
