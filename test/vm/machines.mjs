// The machines the real-kernel suite boots. A scenario names the ones it runs on with a
// `// @machines a,b` line near its top (`*`: all; none: `pc`); run.mjs boots, one after another,
// each machine that has a selected scenario, and runs just those scenarios in it.
//
// A machine: its QEMU devices, the kernel modules init loads (with their options: module
// options on the kernel command line reach a module only through modprobe, and init uses
// busybox insmod, so they are given here), memory, and extra kernel command-line words.

/** 9p over virtio carries the host's root and the exchange directory on every machine. */
const SHARES = { virtio_pci: '', '9pnet_virtio': '', '9p': '' };

export const MACHINES = [
  {
    // The default: a real fbdev (bochs-drm's emulation on -device VGA, /dev/fb0), a
    // virtual one whose mode can be changed (vfb, /dev/fb1; its default 1 MiB cannot hold
    // 640x480 at 32 bpp, 4 MiB holds two such pages for panning) and QEMU's edu device.
    name: 'pc',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: ['-device', 'VGA', '-device', 'edu'],
    modules: { ...SHARES, bochs: '', vfb: 'vfb_enable=1 videomemorysize=4194304' },
    append: '',
  },
  {
    // Input: QEMU's virtio tablet (absolute 0..32767, driven by QMP input-send-event) and
    // keyboard (QMP send-key), hot-unpluggable by id; uinput for devices made in the guest;
    // bochs's fbdev for the kiosk example's screen.
    name: 'pc-input',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: ['-device', 'VGA', '-device', 'virtio-tablet-pci,id=tab', '-device', 'virtio-keyboard-pci,id=kbd'],
    modules: { ...SHARES, bochs: '', evdev: '', virtio_input: '', uinput: '' },
    append: '',
  },
  {
    // A kernel without /dev/fb0: bochs-drm with DRM's fbdev emulation off (on 6.1 the
    // option belongs to drm_kms_helper) and no vfb (which would become fb0): only
    // /dev/dri/card0, connector Virtual-1. For the KMS backend.
    name: 'pc-nofb',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: ['-device', 'VGA'],
    modules: { ...SHARES, drm_kms_helper: 'fbdev_emulation=0', bochs: '' },
    append: '',
  },
  {
    // bochs-drm's fbdev emulation with room for two pages (drm_fbdev_overalloc=200: the
    // fbdev buffer is twice the screen), no vfb: /dev/fb0 can pan.
    name: 'pc-overalloc',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: ['-device', 'VGA'],
    modules: { ...SHARES, drm_kms_helper: 'drm_fbdev_overalloc=200', bochs: '' },
    append: '',
  },
  {
    // virtio-gpu with two heads (card0: Virtual-1, Virtual-2) and no std VGA, which would
    // become card0. Under -display none the second head is disconnected until a scenario
    // forces it on through sysfs. For KMS on several outputs and DIRTYFB.
    name: 'virtio-gpu',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: ['-vga', 'none', '-device', 'virtio-gpu-pci,max_outputs=2,id=gpu'],
    modules: { ...SHARES, virtio_gpu: '' },
    append: '',
  },
];

/** The machines a scenario's source asks for: its `// @machines a,b` (or `*`: all) line, else `pc`. */
export function scenarioMachines(source) {
  const line = /^\/\/ @machines (.+)$/m.exec(source.split('\n').slice(0, 20).join('\n'));
  if (!line) return ['pc'];
  if (line[1].trim() === '*') return MACHINES.map((m) => m.name);
  return line[1].split(',').map((name) => name.trim());
}
