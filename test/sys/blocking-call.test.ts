/**
 * BlockingCallHelper: a blocking C call in a helper process, here a read() of a FIFO that
 * stands in for a driver's FBIO_WAITFORVSYNC (test/support/silent-fifo.ts). The helper
 * serves call after call, returns errnos, dies on close() or with its parent, and says so
 * when it dies on its own. test/present/vsync-exit.test.ts proves the process can exit with
 * a call still blocked in it.
 */
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BlockingCallHelper } from '../../src/sys/blocking-call.js';
import { closeFd } from '../../src/sys/libc.js';
import { READ_WORD, silentFifo, waitUntilGone } from '../support/silent-fifo.js';

const dir = mkdtempSync(join(tmpdir(), 'fbkit-blocking-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fifos = 0;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A helper reading a fresh silent FIFO; both are closed after the test. */
function helperOnFifo(): { helper: BlockingCallHelper; answer: (calls: number) => void; fd: number } {
  const fifo = silentFifo(dir, `fifo-${fifos++}`);
  const helper = new BlockingCallHelper(fifo.fd, READ_WORD, 'a read of a silent FIFO');
  cleanups.push(
    () => closeFd(fifo.fd),
    () => helper.close(),
  );
  return { helper, fd: fifo.fd, answer: (calls) => writeSync(fifo.fd, new Uint8Array(4 * calls)) };
}

describe('BlockingCallHelper', () => {
  it('serves many calls in order from one helper process', async () => {
    const { helper, answer } = helperOnFifo();
    await helper.start();
    const pid = helper.pid;
    expect(pid).toBeGreaterThan(0);
    for (let round = 0; round < 5; round++) {
      const calls = Array.from({ length: 20 }, (_, i) => helper.call(i));
      answer(20);
      expect(await Promise.all(calls)).toEqual(Array(20).fill(0));
    }
    expect(helper.pid).toBe(pid);
  });

  it('hands back the errno of a failed call', async () => {
    const fifo = silentFifo(dir, `fifo-${fifos++}`);
    // A write-only descriptor of the same FIFO: read() on it fails with EBADF.
    const writeOnly = openSync(fifo.path, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
    const helper = new BlockingCallHelper(writeOnly, READ_WORD, 'a read of a write-only descriptor');
    cleanups.push(
      () => closeFd(fifo.fd),
      () => closeSync(writeOnly),
      () => helper.close(),
    );
    expect(await helper.call(0)).toBe(constants.errno.EBADF);
    expect(await helper.call(1)).toBe(constants.errno.EBADF);
  });

  it('close() kills the helper while its call is blocked, and the call is cancelled', async () => {
    const { helper } = helperOnFifo();
    await helper.start();
    const pid = helper.pid!;
    const pending = helper.call(0);
    helper.close();
    await expect(pending).rejects.toMatchObject({
      code: 'ECLOSED',
      message: expect.stringMatching(/a read of a silent FIFO was cancelled/),
    });
    expect(await waitUntilGone(pid)).toBe(true);
    await expect(helper.call(0)).rejects.toMatchObject({ code: 'ECLOSED' });
    await expect(helper.start()).rejects.toMatchObject({ code: 'ECLOSED' });
  });

  it('a helper killed from outside fails its pending calls with the reason, and the next call starts a new one', async () => {
    const { helper, answer } = helperOnFifo();
    await helper.start();
    const first = helper.pid!;
    const pending = helper.call(0);
    process.kill(first, 'SIGKILL');
    await expect(pending).rejects.toMatchObject({
      code: 'EHELPER',
      message: expect.stringMatching(/^the helper process for a read of a silent FIFO died \(SIGKILL\)/),
    });
    const next = helper.call(0);
    answer(1);
    expect(await next).toBe(0);
    expect(helper.pid).not.toBe(first);
  });

  it('a helper that cannot start says why', async () => {
    const helper = new BlockingCallHelper(
      0,
      { prototype: 'int no_such_function_in_libc(int fd)', args: ['fd'] },
      'a call that does not exist',
    );
    cleanups.push(() => helper.close());
    const err = await helper.start().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'EHELPER',
      message: expect.stringMatching(
        /^the helper process for a call that does not exist did not start \(exit code 1\): \w*Error: .*no_such_function_in_libc/,
      ),
    });
    await expect(helper.call(0)).rejects.toMatchObject({ code: 'EHELPER' });
  });

  it('a descriptor that is not open is refused when the helper starts', async () => {
    const helper = new BlockingCallHelper(9999, READ_WORD, 'a read of descriptor 9999');
    cleanups.push(() => helper.close());
    await expect(helper.start()).rejects.toMatchObject({
      code: 'EHELPER',
      message: expect.stringMatching(/^cannot start the helper process for a read of descriptor 9999: spawn EBADF/),
    });
  });

  it('refuses a request word that is not a uint32', async () => {
    const { helper } = helperOnFifo();
    await expect(helper.call(-1)).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringMatching(/request word must be a whole number 0\.\.0xffffffff, got -1/),
    });
    expect(helper.pid).toBeUndefined(); // refused before anything was started
  });
});
