// A minimal writer for the cpio "newc" format the kernel unpacks as an
// initramfs. Writing it ourselves avoids a host dependency on cpio(1) and lets
// us add device nodes (/dev/console) without being root.

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/** Entries are added in order; parents must come before their children. */
export class CpioWriter {
  #chunks = [];
  #ino = 1;

  dir(name, mode = 0o755) {
    this.#entry(name, S_IFDIR | mode, Buffer.alloc(0));
  }

  file(name, data, mode = 0o644) {
    this.#entry(name, S_IFREG | mode, Buffer.from(data));
  }

  symlink(name, target) {
    this.#entry(name, S_IFLNK | 0o777, Buffer.from(target));
  }

  charDevice(name, major, minor, mode = 0o600) {
    this.#entry(name, S_IFCHR | mode, Buffer.alloc(0), { major, minor });
  }

  /** The archive, closed with the TRAILER!!! entry. */
  finish() {
    this.#entry('TRAILER!!!', 0, Buffer.alloc(0), { ino: 0 });
    return Buffer.concat(this.#chunks);
  }

  #entry(name, mode, data, { major = 0, minor = 0, ino = this.#ino++ } = {}) {
    const nameBytes = Buffer.from(`${name}\0`);
    const fields = [
      ino,
      mode,
      0 /* uid */,
      0 /* gid */,
      (mode & 0o170000) === S_IFDIR ? 2 : 1 /* nlink */,
      0 /* mtime: fixed, so the archive is reproducible */,
      data.length,
      0,
      0 /* dev major/minor */,
      major,
      minor /* rdev */,
      nameBytes.length,
      0 /* check */,
    ];
    const header = `070701${fields.map((n) => n.toString(16).padStart(8, '0')).join('')}`;
    this.#chunks.push(Buffer.from(header, 'ascii'), nameBytes, pad(110 + nameBytes.length));
    this.#chunks.push(data, pad(data.length));
  }
}

// newc aligns both the header+name and the file data to 4 bytes.
function pad(length) {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
