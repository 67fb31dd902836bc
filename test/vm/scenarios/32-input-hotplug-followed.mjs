// @machines pc-input
// Hotplug: with every device open (no list given), QMP device_del of the tablet is
// reported as a 'device' 'removed' event for its node (ENODEV on read, or the node gone),
// with no error thrown; device_add of a new tablet is found through inotify on /dev/input,
// reported 'added' as a tablet, and its taps arrive. The tablet is back with id "tab" after.
import { assert, importFbkit, qmp, retry } from '../guest/harness.mjs';
import { bare, eventNode, nextEvents, tap } from '../guest/input.mjs';

const { InputSource } = await importFbkit();
const before = eventNode(/Virtio Tablet/i);
const source = InputSource.open({ screen: { width: 1280, height: 800 } });
assert.ok(
  source.devices.some((d) => d.path === before),
  `the tablet ${before} is open: ${JSON.stringify(source.devices.map((d) => d.path))}`,
);

const removed = nextEvents(source, 1, (e) => e.type === 'device' && e.action === 'removed');
await qmp('device_del', { id: 'tab' });
const [gone] = await removed;
assert.equal(gone.device, before);
assert.match(gone.reason, /^(ENODEV|EIO)$/);
assert.ok(!source.devices.some((d) => d.path === before));

// QEMU keeps the id until the guest has let go of the device (ACPI eject).
const peripherals = async () => (await qmp('qom-list', { path: '/machine/peripheral' })).map((p) => p.name);
await retry(async () => assert.ok(!(await peripherals()).includes('tab'), 'QEMU still has the tablet'), { timeoutMs: 20_000 });
const added = nextEvents(source, 1, (e) => e.type === 'device' && e.action === 'added');
await qmp('device_add', { driver: 'virtio-tablet-pci', id: 'tab' });
const [back] = await added;
assert.deepEqual(back.kinds, ['tablet'], JSON.stringify(back));
const taps = nextEvents(source, 1, (e) => e.type === 'pointer' && e.action === 'down');
await tap(16384, 16384);
const [down] = await taps;
assert.equal(down.device, back.device);
assert.deepEqual({ x: down.x, y: down.y }, { x: 640, y: 400 }, JSON.stringify(bare(down)));
source.close();
console.log(`unplugged ${before}, plugged ${back.device}: both followed`);
