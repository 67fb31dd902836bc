/**
 * The monitor name from an EDID block (what a connector's sysfs `edid` file holds): the
 * display descriptor tagged 0xFC among the four 18-byte descriptors of the base block.
 */
const DESCRIPTORS = [54, 72, 90, 108];
const MONITOR_NAME = 0xfc;
const HEADER = [0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];

export function edidMonitorName(edid: Uint8Array): string | undefined {
  if (edid.length < 128 || HEADER.some((b, i) => edid[i] !== b)) return undefined;
  for (const at of DESCRIPTORS) {
    // A display descriptor starts with a zero pixel clock; byte 3 is its tag.
    if (edid[at] !== 0 || edid[at + 1] !== 0 || edid[at + 3] !== MONITOR_NAME) continue;
    const text = new TextDecoder('latin1').decode(edid.subarray(at + 5, at + 18));
    return text.split('\n')[0]!.trimEnd() || undefined;
  }
  return undefined;
}
