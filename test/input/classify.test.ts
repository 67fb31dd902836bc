import { describe, expect, it } from 'vitest';
import { classify } from '../../src/input/classify.js';
import { code } from '../../src/sys/linux-input.js';
import { caps, KEYBOARD, MOUSE, MULTITOUCH, PROTOCOL_A, TABLET } from './fake-evdev.js';

const range = (maximum: number) => ({ value: 0, minimum: 0, maximum, fuzz: 0, flat: 0, resolution: 0 });

describe('classify', () => {
  it('tells keyboards, mice, tablets and touchscreens apart', () => {
    expect(classify(KEYBOARD)).toEqual({ kinds: ['keyboard'], slots: 0 });
    expect(classify(MOUSE)).toEqual({ kinds: ['pointer'], slots: 0 });
    expect(classify(TABLET)).toEqual({ kinds: ['tablet'], slots: 0 });
    expect(classify(MULTITOUCH)).toEqual({ kinds: ['touch'], slots: 5, multitouch: 'B' });
    expect(classify(PROTOCOL_A)).toEqual({ kinds: ['touch'], slots: 0, multitouch: 'A' });
  });

  it('a touchpad (INPUT_PROP_POINTER), a pen, a single-touch screen', () => {
    const abs = new Map([
      [code('ABS_X'), range(100)],
      [code('ABS_Y'), range(100)],
    ]);
    expect(classify(caps({ keys: [code('BTN_TOUCH')], abs, props: [code('INPUT_PROP_POINTER')] })).kinds).toEqual(['touchpad']);
    expect(classify(caps({ keys: [code('BTN_TOUCH'), code('BTN_TOOL_PEN')], abs })).kinds).toEqual(['tablet']);
    expect(classify(caps({ keys: [code('BTN_TOUCH')], abs })).kinds).toEqual(['touch']);
  });

  it('is nothing for a power button, a joystick without buttons, or axes with no range', () => {
    expect(classify(caps({ keys: [code('KEY_POWER')] })).kinds).toEqual([]);
    expect(
      classify(
        caps({
          abs: new Map([
            [code('ABS_X'), range(10)],
            [code('ABS_Y'), range(10)],
          ]),
        }),
      ).kinds,
    ).toEqual([]);
    const flat = new Map([
      [code('ABS_X'), range(0)],
      [code('ABS_Y'), range(0)],
    ]);
    expect(classify(caps({ keys: [code('BTN_TOUCH')], abs: flat })).kinds).toEqual([]);
  });
});
