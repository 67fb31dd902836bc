// Turns the guest's serial console into results: groups each scenario's
// output between its @@BEGIN and @@END markers and prints a verdict per
// scenario, with the output of those that did not pass.

const TAIL_LINES = 30;

export class Report {
  results = [];
  bootedAt = null; // host clock, when the guest's init reached the runner
  done = false;
  fatal = null;
  #current = null;
  #verbose;
  #tail = [];

  #prefix;

  /** prefix: put before each scenario's name (the machine's, `pc/`). */
  constructor({ verbose = false, prefix = '' } = {}) {
    this.#verbose = verbose;
    this.#prefix = prefix;
  }

  line(raw) {
    const line = raw.replace(/\r$/, '');
    if (this.#verbose) console.log(`  | ${line}`);
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
    let m;
    if (line.startsWith('@@BOOTED')) this.bootedAt = Date.now();
    else if ((m = /^@@BEGIN (\S+)/.exec(line))) this.#current = { name: this.#prefix + m[1], output: [] };
    else if ((m = /^@@END (\S+) (PASS|FAIL|SKIP) (\d+)ms ?(.*)/.exec(line))) {
      const name = this.#prefix + m[1];
      const output = this.#current?.name === name ? this.#current.output : [];
      this.#finish({ name, verdict: m[2], ms: Number(m[3]), why: m[4], output });
    } else if (line.startsWith('@@DONE')) this.done = true;
    else if (line.startsWith('@@FATAL')) this.fatal = line.slice(2);
    else this.#current?.output.push(line);
  }

  /** The guest stopped (exit or timeout) before the current scenario ended. */
  abort(why) {
    if (this.#current) this.#finish({ ...this.#current, verdict: 'FAIL', ms: 0, why });
  }

  /** The console's last lines: what to show when the guest died outside a scenario. */
  get tail() {
    return this.#tail;
  }

  get failed() {
    return this.results.filter((r) => r.verdict === 'FAIL').length;
  }

  #finish(result) {
    this.#current = null;
    this.results.push(result);
    const time = `${(result.ms / 1000).toFixed(1)}s`;
    console.log(`${result.verdict}  ${result.name}  ${time}${result.why ? `  (${result.why})` : ''}`);
    if (result.verdict === 'FAIL' && !this.#verbose) {
      for (const out of result.output) console.log(`    ${out}`);
    }
    if (result.verdict === 'SKIP') {
      const reason = result.output.findLast((l) => l.startsWith('SKIP:'));
      if (reason) console.log(`    ${reason}`);
    }
  }
}
