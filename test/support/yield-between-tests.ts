/**
 * Lets the event loop turn between tests. vitest's worker reports progress to the main
 * process over IPC and gives up on an answer after 60 s; a file whose tests are all
 * synchronous never lets the answer in until the file ends, and under qemu-user (npm run
 * test:arm) a file of heavy synchronous tests (test/draw/rotate.test.ts: 60 s there) then
 * fails the run with "Timeout calling onTaskUpdate" although every test passed.
 * setImmediate runs after pending I/O, so the answers are read here.
 */
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
