// TEMPORARY (not committed): dumps the guest's memory-map sources to the serial log.
import { readFileSync, readdirSync, readlinkSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const out = {};
const grab = (p) => { try { out[p] = readFileSync(p, 'utf8'); } catch (e) { out[p] = `!ERR ${e.code}`; } };
const link = (p) => { try { out[p] = '@link ' + readlinkSync(p); } catch (e) { out[p] = `!ERR ${e.code}`; } };
const sh = (...a) => { try { return execFileSync(a[0], a.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { return `!ERR ${e.stderr || e.message}`; } };
const pci = (tag) => {
  for (const slot of readdirSync('/sys/bus/pci/devices')) {
    const d = `/sys/bus/pci/devices/${slot}`;
    for (const f of ['vendor', 'device', 'class', 'resource']) grab(`${d}/${f}`);
    link(`${d}/driver`);
    out[`${tag}:${d}/ls`] = readdirSync(d).join(' ');
  }
};
grab('/proc/iomem'); grab('/proc/mtrr'); grab('/proc/cmdline');
out.mount_debugfs = sh('mount', '-t', 'debugfs', 'debugfs', '/sys/kernel/debug');
out.mount_securityfs = sh('mount', '-t', 'securityfs', 'securityfs', '/sys/kernel/security');
grab('/sys/kernel/debug/x86/pat_memtype_list');
grab('/sys/kernel/security/lockdown');
pci('before');
out.modprobe = sh('modprobe', 'uio_pci_generic');
try { writeFileSync('/sys/bus/pci/drivers/uio_pci_generic/new_id', '1234 11e8'); } catch (e) { out.newid = e.message; }
if (existsSync('/sys/class/uio')) for (const u of readdirSync('/sys/class/uio')) {
  const d = `/sys/class/uio/${u}`;
  grab(`${d}/name`); grab(`${d}/version`); link(`${d}/device`);
  out[`${d}/ls`] = readdirSync(d).join(' ');
  if (existsSync(`${d}/maps`)) for (const m of readdirSync(`${d}/maps`)) for (const f of ['name', 'addr', 'size', 'offset']) grab(`${d}/maps/${m}/${f}`);
}
out.iomem_after_uio = readFileSync('/proc/iomem', 'utf8');
pci('after');
grab('/sys/kernel/debug/x86/pat_memtype_list');
out.uname = sh('uname', '-a');
writeFileSync(`${process.env.FBKIT_EXCHANGE}/files/memcap.json`, JSON.stringify(out));
console.log('capture written; failing on purpose so the exchange dir is kept');
process.exit(1);
