/** examples/kiosk-touch's panel on a virtual framebuffer, driven by typed events. */
import { describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/display/framebuffer.js';
import type { InputEvent } from '../../src/input/events.js';
import { TouchPanel } from '../../examples/kiosk-touch/panel.js';

const pointer = (action: 'down' | 'move' | 'up', x: number, y: number): InputEvent => ({
  type: 'pointer',
  action,
  x,
  y,
  source: 'touch',
  device: 'test',
  time: 0,
});
const center = (r: { x: number; y: number; w: number; h: number }) => ({ x: r.x + (r.w >> 1), y: r.y + (r.h >> 1) });

function setup() {
  const fb = Framebuffer.virtual('bochs-drm');
  const panel = new TouchPanel(fb.surface);
  panel.drawAll();
  const pixel = (p: { x: number; y: number }) => fb.surface.getPixel(p.x, p.y);
  return { fb, panel, pixel };
}

describe('kiosk-touch panel', () => {
  it('lights a button while pressed and acts on release over it', () => {
    const { panel, pixel } = setup();
    const red = panel.buttons.find((b) => b.label === 'RED')!.rect;
    const idle = pixel({ x: red.x + 1, y: red.y + 1 });
    expect(panel.handle(pointer('down', center(red).x, center(red).y))).toEqual([red]);
    expect(pixel({ x: red.x + 1, y: red.y + 1 })).not.toBe(idle);
    expect(panel.color).toBe(0);
    panel.handle(pointer('up', center(red).x, center(red).y));
    expect(pixel({ x: red.x + 1, y: red.y + 1 })).toBe(idle);
    expect(panel.color).toBe(1);
  });

  it('does nothing when the press slides off the button before release', () => {
    const { panel } = setup();
    const green = panel.buttons.find((b) => b.label === 'GREEN')!.rect;
    panel.handle(pointer('down', center(green).x, center(green).y));
    panel.handle(pointer('up', 0, 0));
    expect(panel.color).toBe(0);
  });

  it('types keys into the field; Backspace and CLEAR take text away', () => {
    const { panel } = setup();
    for (const text of ['h', 'i', '!'])
      panel.handle({ type: 'key', key: 'KEY_X', code: 0, action: 'press', text, device: 'test', time: 0 });
    panel.handle({ type: 'key', key: 'KEY_BACKSPACE', code: 14, action: 'press', device: 'test', time: 0 });
    expect(panel.text).toBe('hi');
    const clear = center(panel.buttons.find((b) => b.label === 'CLEAR')!.rect);
    panel.handle(pointer('down', clear.x, clear.y));
    panel.handle(pointer('up', clear.x, clear.y));
    expect(panel.text).toBe('');
  });
});
