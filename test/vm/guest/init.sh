#!/bin/busybox sh
# PID 1 of the test VM (packed into the initramfs as /init). Loads the
# drivers, enters the host's root over 9p and runs the guest runner there with
# the host's own node. fbkit_project, fbkit_exchange, fbkit_node and
# fbkit_machine, fbkit_scenario_timeout come from the kernel command line (the kernel hands unknown
# name=value parameters to init as environment variables).
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
root=/hostroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot $root \
  || fatal "mount hostroot"
mount -t proc proc $root/proc
mount -t sysfs sysfs $root/sys
mount -t devtmpfs devtmpfs $root/dev
mount -t 9p -o trans=virtio,version=9p2000.L,rw,msize=512000 hostout "$root$fbkit_exchange" \
  || fatal "mount hostout on $fbkit_exchange"

echo "@@BOOTED $(cut -d' ' -f1 /proc/uptime)s"
chroot $root /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME="$fbkit_exchange" TMPDIR="$fbkit_exchange/tmp" \
  FBKIT_PROJECT="$fbkit_project" FBKIT_EXCHANGE="$fbkit_exchange" FBKIT_VM_MACHINE="$fbkit_machine" \
  FBKIT_VM_SCENARIO_TIMEOUT="$fbkit_scenario_timeout" \
  "$fbkit_node" "$fbkit_project/test/vm/guest/run-scenarios.mjs"
echo "@@RUNNER-EXIT $?"
poweroff -f
