/**
 * Whether this CPU stores the low byte first. Framebuffers hold pixel values in the CPU's
 * order, so typed-array views of pixel words are only a shortcut on little-endian hosts,
 * where they match the byte layout the formats describe.
 */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
