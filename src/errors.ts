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
