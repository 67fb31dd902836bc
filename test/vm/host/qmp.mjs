// A small client for QEMU's machine monitor (QMP: one JSON object per line).
// Used for screendump; QMP rather than the human monitor because it answers
// every command with an explicit return or error.
import { connect } from 'node:net';

const CLOSED = { error: { class: 'Closed', desc: 'the QEMU monitor closed' } };

export class Qmp {
  #socket;
  #lines = [];
  #waiters = [];
  #queue = Promise.resolve();
  #closed = false;

  static async connect(path, { timeoutMs = 30_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise((resolve, reject) => {
          const s = connect(path, () => resolve(s));
          s.once('error', reject);
        });
        const qmp = new Qmp(socket);
        await qmp.#next(); // the greeting
        await qmp.execute('qmp_capabilities');
        return qmp;
      } catch (err) {
        // QEMU creates the socket a moment after it starts.
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  constructor(socket) {
    this.#socket = socket;
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (msg.event) continue; // asynchronous events are not answers
        const waiter = this.#waiters.shift();
        if (waiter) waiter(msg);
        else this.#lines.push(msg);
      }
    });
    // When QEMU exits, pending commands fail instead of hanging.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      for (const waiter of this.#waiters.splice(0)) waiter(CLOSED);
    });
  }

  /** Runs one command; commands are serialized, so answers pair up in order. */
  execute(command, args) {
    const run = async () => {
      this.#socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
      const msg = await this.#next();
      if (msg.error) throw new Error(`QMP ${command}: ${msg.error.class}: ${msg.error.desc}`);
      return msg.return;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  close() {
    this.#socket.destroy();
  }

  #next() {
    if (this.#lines.length) return Promise.resolve(this.#lines.shift());
    if (this.#closed) return Promise.resolve(CLOSED);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
