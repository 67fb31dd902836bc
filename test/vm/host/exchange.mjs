// The host end of the request channel: the guest drops requests/<id>.json into
// the shared exchange directory, the host runs the named handler and answers
// with replies/<id>.json. Both are renamed into place, so neither side reads a
// half-written file. The host polls every 50 ms: simple, and fast enough.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export function createExchangeDir(path) {
  rmSync(path, { recursive: true, force: true });
  for (const sub of ['requests', 'replies', 'files', 'tmp']) mkdirSync(`${path}/${sub}`, { recursive: true });
  return path;
}

/** handlers: { op: async (request, { id, filesDir }) => reply fields }. */
export function serveRequests(dir, handlers, { onError } = {}) {
  const seen = new Set();
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(`${dir}/requests`)) {
        if (!name.endsWith('.json') || seen.has(name)) continue;
        seen.add(name);
        const id = name.slice(0, -'.json'.length);
        await answer(id, JSON.parse(readFileSync(`${dir}/requests/${name}`, 'utf8')));
      }
    } finally {
      busy = false;
    }
  };
  const answer = async (id, request) => {
    let reply;
    try {
      const handler = handlers[request.op];
      if (!handler) throw new Error(`unknown request op "${request.op}"`);
      reply = { ok: true, ...(await handler(request, { id, filesDir: `${dir}/files` })) };
    } catch (err) {
      onError?.(err);
      reply = { ok: false, error: err.message };
    }
    const path = `${dir}/replies/${id}.json`;
    writeFileSync(`${path}.tmp`, JSON.stringify(reply));
    renameSync(`${path}.tmp`, path);
  };
  const timer = setInterval(() => poll().catch(onError), 50);
  return () => clearInterval(timer);
}
