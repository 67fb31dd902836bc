/**
 * The kiosk's screen and its behaviour, apart from where events come from: a text field
 * fed by a keyboard, and three buttons that light up while pressed and act when released
 * over them (a press that slides off a button and is released elsewhere does nothing, as
 * on any touch UI).
 */
import type { InputEvent } from '../../src/input/events.js';
import type { Rect } from '../../src/raster/geometry.js';
import type { Surface } from '../../src/draw/surface.js';

interface Button {
  label: string;
  rect: Rect;
  act(): void;
}

const BACKGROUND = 0xff10141c;
const FIELD = 0xff2a3040;
const BUTTON = 0xff3050a0;
const PRESSED = 0xff80b0ff;
const TEXT = 0xffffffff;
const SWATCHES = [0xff303030, 0xffc03030, 0xff30a040];

const inside = (r: Rect, x: number, y: number): boolean => x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;

export class TouchPanel {
  readonly #s: Surface;
  /** Rectangles changed by the event being handled. */
  readonly #damaged: Rect[] = [];
  readonly #buttons: Button[];
  readonly #field: Rect;
  readonly #swatch: Rect;
  #pressed: Button | undefined;
  text = '';
  color = 0;

  constructor(surface: Surface) {
    this.#s = surface;
    const { width: w, height: h } = surface;
    const unit = Math.max(1, Math.floor(Math.min(w, h) / 160));
    this.#field = { x: 8 * unit, y: 8 * unit, w: w - 16 * unit, h: 24 * unit };
    this.#swatch = { x: 8 * unit, y: h - 40 * unit, w: w - 16 * unit, h: 32 * unit };
    const bw = Math.floor((w - 32 * unit) / 3);
    const labels: [string, () => void][] = [
      ['RED', () => this.#paint(1)],
      ['GREEN', () => this.#paint(2)],
      ['CLEAR', () => this.#type(null)],
    ];
    this.#buttons = labels.map(([label, act], i) => ({
      label,
      act,
      rect: { x: 8 * unit + i * (bw + 8 * unit), y: 40 * unit, w: bw, h: 40 * unit },
    }));
  }

  /** Where each button is, for scripted taps. */
  get buttons(): readonly { label: string; rect: Rect }[] {
    return this.#buttons;
  }

  drawAll(): void {
    this.#s.fillRect({ x: 0, y: 0, w: this.#s.width, h: this.#s.height }, BACKGROUND);
    this.#drawField();
    for (const b of this.#buttons) this.#drawButton(b, false);
    this.#s.fillRect(this.#swatch, SWATCHES[this.color]!);
    // The caller shows the whole screen.
    this.#damaged.length = 0;
  }

  /** Takes one event; returns the rectangles that changed. */
  handle(e: InputEvent): Rect[] {
    if (e.type === 'pointer') this.#pointer(e.action, e.x, e.y);
    else if (e.type === 'key' && e.action !== 'release') {
      if (e.key === 'KEY_BACKSPACE') this.#type(this.text.slice(0, -1));
      else if (e.text && e.text !== '\n' && e.text !== '\t') this.#type(this.text + e.text);
    }
    return this.#damaged.splice(0);
  }

  #pointer(action: 'down' | 'move' | 'up', x: number, y: number): void {
    const over = this.#buttons.find((b) => inside(b.rect, x, y));
    if (action === 'down' && over) {
      this.#pressed = over;
      this.#drawButton(over, true);
    } else if (action === 'up' && this.#pressed) {
      const pressed = this.#pressed;
      this.#pressed = undefined;
      this.#drawButton(pressed, false);
      if (over === pressed) pressed.act();
    }
  }

  #paint(color: number): void {
    this.color = color;
    this.#s.fillRect(this.#swatch, SWATCHES[color]!);
    this.#damaged.push(this.#swatch);
  }

  #type(text: string | null): void {
    this.text = text ?? '';
    if (text === null) this.#paint(0);
    this.#drawField();
  }

  #drawField(): void {
    const f = this.#field;
    const scale = Math.max(1, Math.floor(f.h / 12));
    this.#s.fillRect(f, FIELD);
    // The end of the text stays in view.
    const fits = Math.max(1, Math.floor((f.w - 8) / (6 * scale)));
    this.#s.drawText(`${this.text.slice(-fits + 1)}_`, { x: f.x + 4, y: f.y + Math.floor((f.h - 10 * scale) / 2) }, { color: TEXT, scale });
    this.#damaged.push(f);
  }

  #drawButton(b: Button, pressed: boolean): void {
    // As large as fits both ways (a portrait screen has narrow buttons).
    const scale = Math.max(1, Math.min(Math.floor(b.rect.h / 20), Math.floor((b.rect.w - 8) / (b.label.length * 6))));
    this.#s.fillRect(b.rect, pressed ? PRESSED : BUTTON);
    const tw = b.label.length * 6 * scale;
    this.#s.drawText(
      b.label,
      { x: b.rect.x + Math.floor((b.rect.w - tw) / 2), y: b.rect.y + Math.floor((b.rect.h - 10 * scale) / 2) },
      { color: TEXT, scale },
    );
    this.#damaged.push(b.rect);
  }
}
