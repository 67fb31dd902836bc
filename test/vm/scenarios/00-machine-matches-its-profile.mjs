// @machines *
// The rig itself: the guest is the machine machines.mjs describes. Every -device of the
// profile is attached (QMP qom-list of the machine's peripherals), every module is loaded,
// and every module option the profile gives is the value the module reports in sysfs, so
// an option init failed to pass (the kernel command line does not reach insmod) shows here
// and not as a puzzling failure in a later scenario. (A parameter the module keeps out of
// sysfs, like vfb_enable, cannot be read back; the scenarios that need it prove it.)
import { existsSync, readFileSync } from 'node:fs';
import { assert, machine, project, qmp } from '../guest/harness.mjs';

const { MACHINES } = await import(`${project}/test/vm/machines.mjs`);
const profile = MACHINES.find((m) => m.name === machine);
assert.ok(profile, `this guest says it is machine "${machine}", which machines.mjs does not define`);

const attached = [];
for (const path of ['/machine/peripheral', '/machine/peripheral-anon']) {
  for (const { type } of await qmp('qom-list', { path })) {
    const m = /^child<(.+)>$/.exec(type);
    if (m) attached.push(m[1]);
  }
}
const wanted = profile.devices.filter((_, i) => profile.devices[i - 1] === '-device').map((d) => d.split(',')[0]);
for (const device of wanted) assert.ok(attached.includes(device), `-device ${device} is not attached; QEMU has ${attached.join(', ')}`);

// sysfs shows a boolean parameter as Y/N.
const same = (given, shown) => given === shown || { 0: 'N', 1: 'Y', n: 'N', y: 'Y' }[given.toLowerCase()] === shown;
for (const [module, options] of Object.entries(profile.modules)) {
  const dir = `/sys/module/${module.replaceAll('-', '_')}`;
  assert.ok(existsSync(dir), `module ${module} is not loaded`);
  for (const option of options.split(/\s+/).filter(Boolean)) {
    const [key, value] = option.split('=');
    const file = `${dir}/parameters/${key}`;
    if (!existsSync(file)) {
      console.log(`${module}.${key}: not shown in sysfs, not checked`);
      continue;
    }
    const shown = readFileSync(file, 'utf8').trim();
    assert.ok(same(value, shown), `${module}.${key} is ${shown}, the profile asks for ${value}`);
  }
}
console.log(`${machine}: devices ${wanted.join(' ')}; modules ${Object.keys(profile.modules).join(' ')}`);
