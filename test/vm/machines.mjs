// The machines the real-kernel suite boots. A scenario names the ones it runs on with a
// `// @machines a,b` line near its top (`*`: all; none: `pc`); run.mjs boots, one after another,
// each machine that has a selected scenario, and runs just those scenarios in it.
//
// A machine: its QEMU devices, the kernel modules init loads (with their options: module
// options on the kernel command line reach a module only through modprobe, and init uses
// busybox insmod, so they are given here), memory, and extra kernel command-line words;
// optionally scenarioTimeoutS (each scenario's limit, default 90) and timeoutS (the whole
// machine's, default 285). `arch` picks kernel, QEMU and Node (host/platforms.mjs).

/** 9p over virtio carries the host's root and the exchange directory on every machine. */
const SHARES = { virtio_pci: '', '9pnet_virtio': '', '9p': '' };

/**
 * The ARM machines' devices: Debian's ARM kernels have no vfb, so the real fbdev is
 * bochs-drm's emulation on bochs-display (/dev/fb0), beside QEMU's edu device.
 */
const VIRT_BOARD = {
  memoryMb: 1024,
  devices: ['-device', 'bochs-display', '-device', 'edu'],
  modules: { ...SHARES, bochs: '' },
  append: '',
};

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
    // keyboard (QMP send-key), hot-unpluggable by id; a virtio mouse (relative) bound to the
    // display "vga", so only input-send-event with device "vga" reaches it (QEMU gives
    // unbound events to the first unbound device that takes them: the tablet's buttons
    // stay the tablet's); uinput for devices made in the guest; bochs (fbdev and KMS) for
    // the kiosk example's screen.
    name: 'pc-input',
    arch: 'x86_64',
    memoryMb: 1024,
    devices: [
      '-device',
      'VGA,id=vga',
      '-device',
      'virtio-tablet-pci,id=tab',
      '-device',
      'virtio-keyboard-pci,id=kbd',
      '-device',
      'virtio-mouse-pci,id=mouse,display=vga',
    ],
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
  {
    // Debian's arm64 kernel on QEMU's virt board (host/platforms.mjs). Run by --arm only.
    name: 'arm64',
    arch: 'arm64',
    ...VIRT_BOARD,
  },
  {
    // The same on Debian's 32-bit armmp kernel. A node process takes 3-45 s to start under
    // TCG here, with the machine's load (arm64: about 1 s), hence the longer limits.
    name: 'armhf',
    arch: 'armhf',
    ...VIRT_BOARD,
    scenarioTimeoutS: 300,
    timeoutS: 1500,
  },
  {
    // arm64 without /dev/fb0 (DRM's fbdev emulation off, as on pc-nofb): KMS only.
    name: 'arm64-nofb',
    arch: 'arm64',
    ...VIRT_BOARD,
    devices: ['-device', 'bochs-display'],
    modules: { ...SHARES, drm_kms_helper: 'fbdev_emulation=0', bochs: '' },
  },
  {
    // The same on armhf, where DRM's structs carry pointers as __u64 on a 32-bit CPU.
    name: 'armhf-nofb',
    arch: 'armhf',
    ...VIRT_BOARD,
    devices: ['-device', 'bochs-display'],
    modules: { ...SHARES, drm_kms_helper: 'fbdev_emulation=0', bochs: '' },
    // 23 starts several node processes: 282 s there once.
    scenarioTimeoutS: 600,
    timeoutS: 1200,
  },
];

/** The machines a scenario's source asks for: its `// @machines a,b` (or `*`: all) line, else `pc`. */
export function scenarioMachines(source) {
  const line = /^\/\/ @machines (.+)$/m.exec(source.split('\n').slice(0, 20).join('\n'));
  if (!line) return ['pc'];
  if (line[1].trim() === '*') return MACHINES.map((m) => m.name);
  return line[1].split(',').map((name) => name.trim());
}
