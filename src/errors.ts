/**
 * Every error fbkit throws on purpose is an FbkitError: a stable `code` a program can
 * switch on, and a `hint` that tells a person what to do about it.
 */
export class FbkitError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, hint?: string) {
    super(hint ? `${message}\n  hint: ${hint}` : message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/** A bad argument (offset, width, value, rectangle...): says which rule was broken. */
export class ArgumentError extends FbkitError {}

/** Use of a mapping, register block or framebuffer after close(). */
export class ClosedError extends FbkitError {
  constructor(what: string) {
    super('ECLOSED', `${what} is closed`, 'open it again; views taken before close() now see scratch memory');
  }
}

/** Something the device or driver cannot do (an optional ioctl, an exotic pixel layout). */
export class UnsupportedError extends FbkitError {}

/** A wrong value as a message shows it: its type too where String() would hide it ('1' vs 1). */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `string ${JSON.stringify(v).replace(/^"|"$/g, "'")}`;
    case 'bigint':
      return `bigint ${v}n`;
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
    case 'function':
      return 'a function';
    default:
      return String(v);
  }
}

/** `v` is an object (not null): what is then read from it is checked field by field. */
export function checkObject(name: string, v: unknown, form: string, hint: string): void {
  if (typeof v !== 'object' || v === null) throw new ArgumentError('EINVAL', `${name} must be ${form}, got ${describeValue(v)}`, hint);
}
