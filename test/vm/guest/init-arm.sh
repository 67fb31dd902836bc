#!/bin/busybox sh
# PID 1 of an ARM test VM (arm64, armhf; packed into the initramfs as /init). The host's
# root is x86, so unlike init.sh this does not chroot into it: the guest keeps its own
# root (busybox of its architecture in /bin) and shows the host's top-level directories
# at their own paths (so the checkout, the exchange directory and every path the host
# passes are the same here), with /lib pointing at the cross C library of the guest's
# architecture (/usr/<triplet>/lib from the host's libc6-<arch>-cross), which is where
# an ARM program's loader (/lib/ld-linux-*.so.*) and libraries are found. So the ARM
# Node runs as itself (process.execPath is node, children start the same way), and a
# host x86 program fails to exec rather than running. fbkit_triplet, fbkit_koffi_dir
# and fbkit_koffi (koffi's ARM package) come from the command line, besides init.sh's.
/bin/busybox --install -s /bin
export PATH=/bin

fatal() {
  echo "@@FATAL $*"
  poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r module args; do
  insmod "/modules/$module" $args || fatal "insmod $module $args"
done < /modules/load-order

# No firmware sets PCI devices up on QEMU's virt machine: a BAR without a driver reads
# all ones until its memory decoding is switched on, which a PC's BIOS does for every
# device. Do the same for the devices no driver claimed.
for dev in /sys/bus/pci/devices/*; do
  [ -e "$dev/driver" ] || echo 1 > "$dev/enable" || fatal "enable $dev"
done

mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /hostroot \
  || fatal "mount hostroot"
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
# koffi finds its native part as node_modules/@koromix/koffi-<os>-<cpu>; the host installed
# only its own CPU's. The guest's view of that directory gets the ARM one (the host's
# files stay as they are).
mount -t tmpfs tmpfs "$fbkit_koffi_dir" || fatal "tmpfs on $fbkit_koffi_dir"
ln -s "$fbkit_koffi" "$fbkit_koffi_dir/${fbkit_koffi_name}" || fatal "koffi link"

echo "@@BOOTED $(cut -d' ' -f1 /proc/uptime)s"
cd /
env -i PATH=/bin LD_LIBRARY_PATH=/lib \
  HOME="$fbkit_exchange" TMPDIR="$fbkit_exchange/tmp" \
  FBKIT_PROJECT="$fbkit_project" FBKIT_EXCHANGE="$fbkit_exchange" FBKIT_VM_MACHINE="$fbkit_machine" \
  FBKIT_VM_SCENARIO_TIMEOUT="$fbkit_scenario_timeout" \
  "$fbkit_node" "$fbkit_project/test/vm/guest/run-scenarios.mjs"
echo "@@RUNNER-EXIT $?"
poweroff -f
