#!/bin/busybox sh
# PID 1 of the test VM (packed into the initramfs as /init). Loads the
# drivers, mounts the host's root over 9p and runs the guest runner with the
# right node: on x86 the host's own, chrooted into the host's root; on ARM
# (fbkit_triplet set) an ARM node without chroot (see arm_root below).
# fbkit_project, fbkit_exchange, fbkit_node, fbkit_machine,
# fbkit_scenario_timeout and, on ARM, fbkit_triplet, fbkit_koffi_dir,
# fbkit_koffi and fbkit_koffi_name come from the kernel command line (the
# kernel hands unknown name=value parameters to init as environment variables).
/bin/busybox --install -s /bin
export PATH=/bin

fatal() {
  echo "@@FATAL $*"
  poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

# One "file args..." line per module, dependencies first (see initramfs.mjs).
while read -r module args; do
  insmod "/modules/$module" $args || fatal "insmod $module $args"
done < /modules/load-order

# The host root is read-only; the exchange directory (a path inside the
# checkout's .vm-cache, so it exists in both views) is the one writable share.
# cache=loose on the read-only root saves 9p round trips while node loads;
# the exchange stays uncached so each side sees the other's files at once.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /hostroot \
  || fatal "mount hostroot"

# x86: the host's root is the guest's, with the guest's own proc, sys and dev.
chroot_root() {
  root=/hostroot
  mount -t proc proc $root/proc
  mount -t sysfs sysfs $root/sys
  mount -t devtmpfs devtmpfs $root/dev
  mount -t 9p -o trans=virtio,version=9p2000.L,rw,msize=512000 hostout "$root$fbkit_exchange" \
    || fatal "mount hostout on $fbkit_exchange"
  run="chroot $root /usr/bin/env"
  path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

# ARM: the host's binaries are x86, so the guest keeps its own root (busybox of
# its architecture in /bin, the only tools on PATH) and shows the host's
# top-level directories at their own paths (the checkout, the exchange
# directory and every path the host passes are the same here). /lib is the
# host's cross C library for the guest's architecture (/usr/<triplet>/lib),
# where an ARM program's loader (/lib/ld-linux-*.so.*) and libraries are: the
# ARM node runs as itself (process.execPath is node, children start the same
# way), and a host x86 program fails to exec rather than running.
arm_root() {
  # No firmware sets PCI devices up on QEMU's virt board: a BAR without a driver
  # reads all ones until its memory decoding is on, which a PC's BIOS does for
  # every device. Do the same for the devices no driver claimed.
  for dev in /sys/bus/pci/devices/*; do
    [ -e "$dev/driver" ] || echo 1 > "$dev/enable" || fatal "enable $dev"
  done
  for dir in /hostroot/*; do
    name=${dir#/hostroot/}
    # Merged-/usr links (bin, lib, sbin...) and what the guest has of its own stay out.
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    case $name in dev | proc | sys | hostroot | modules) continue ;; esac
    mkdir -p "/$name" && mount --bind "$dir" "/$name" || fatal "bind $dir"
  done
  [ -e "/usr/$fbkit_triplet/lib/libc.so.6" ] || fatal "no /usr/$fbkit_triplet/lib on the host (package libc6-*-cross)"
  ln -s "/usr/$fbkit_triplet/lib" /lib
  mount -t 9p -o trans=virtio,version=9p2000.L,rw,msize=512000 hostout "$fbkit_exchange" \
    || fatal "mount hostout on $fbkit_exchange"
  # koffi finds its native part as node_modules/@koromix/koffi-<os>-<cpu>; the
  # host installed only its own CPU's. The guest's view of that directory gets
  # the ARM one (the host's files stay as they are).
  mount -t tmpfs tmpfs "$fbkit_koffi_dir" || fatal "tmpfs on $fbkit_koffi_dir"
  ln -s "$fbkit_koffi" "$fbkit_koffi_dir/$fbkit_koffi_name" || fatal "koffi link"
  cd /
  run=env
  path=/bin
}

if [ -n "$fbkit_triplet" ]; then arm_root; else chroot_root; fi

echo "@@BOOTED $(cut -d' ' -f1 /proc/uptime)s"
$run -i \
  PATH=$path \
  HOME="$fbkit_exchange" TMPDIR="$fbkit_exchange/tmp" \
  FBKIT_PROJECT="$fbkit_project" FBKIT_EXCHANGE="$fbkit_exchange" FBKIT_VM_MACHINE="$fbkit_machine" \
  FBKIT_VM_SCENARIO_TIMEOUT="$fbkit_scenario_timeout" \
  "$fbkit_node" "$fbkit_project/test/vm/guest/run-scenarios.mjs"
echo "@@RUNNER-EXIT $?"
poweroff -f
