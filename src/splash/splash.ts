/**
 * The boot splash: an image over a background, a progress bar and one message line,
 * drawn on a Frames back buffer. Each change damages only what it touches: a progress
 * step the columns between the old and new fill, a message its own line.
 */
import { builtinFont } from '../draw/font-builtin.js';
import { blitScaled, fitRect, type Fit } from '../draw/scale.js';
import { drawText, measureText } from '../draw/text.js';
import type { OutlineFace } from '../draw/outline-font.js';
import { drawOutlineText } from '../draw/outline-text.js';
import type { Frames } from '../present/frames.js';
import type { SplashCommand } from './protocol.js';
import { Surface } from '../draw/surface.js';
import type { Rect } from '../raster/geometry.js';

export interface SplashStyle {
  background: number;
  fit: Fit;
  barColor: number;
  /** The unfilled part of the bar. */
  trackColor: number;
  textColor: number;
  /** Messages in this outline font, antialiased; default the built-in bitmap font. */
  font?: OutlineFace;
}

export const DEFAULT_STYLE: SplashStyle = {
  background: 0xff000000,
  // A logo at its own size, as psplash shows it: crisp, and a plain blit instead of a
  // full-screen bilinear scale on the way to the first frame (hundreds of ms at 1280x800).
  fit: 'none',
  barColor: 0xffe0e0e0,
  trackColor: 0xff303030,
  textColor: 0xffe0e0e0,
};

export interface SplashLayout {
  /** The bar's outline; the fill runs inside `track`. */
  bar: Rect;
  track: Rect;
  message: Rect;
  /** Text is drawn at this many screen pixels per font pixel. */
  textScale: number;
}

/** Bar at 80% of the height, 60% wide; the message line below it; text grows with the screen. */
export function splashLayout(width: number, height: number): SplashLayout {
  const barW = Math.max(4, Math.round(width * 0.6));
  const barH = Math.max(6, Math.round(height / 50));
  const bar = { x: Math.floor((width - barW) / 2), y: Math.min(height - barH, Math.round(height * 0.8)), w: barW, h: barH };
  const track = { x: bar.x + 2, y: bar.y + 2, w: Math.max(0, bar.w - 4), h: Math.max(0, bar.h - 4) };
  const textScale = Math.max(1, Math.floor(height / 300));
  const lineH = builtinFont.height * textScale;
  const messageY = Math.min(height - lineH, bar.y + bar.h + barH);
  return { bar, track, message: { x: 0, y: Math.max(0, messageY), w: width, h: Math.min(lineH, height) }, textScale };
}

export class Splash {
  readonly layout: SplashLayout;
  #progress = 0;
  #message = '';
  /** The message line as background and image left it: what a message redraw starts from. */
  #lineBase: Surface | undefined;

  constructor(
    private readonly frames: Frames,
    private readonly image: Surface | undefined,
    private readonly style: SplashStyle = DEFAULT_STYLE,
  ) {
    this.layout = splashLayout(frames.back.width, frames.back.height);
  }

  get progress(): number {
    return this.#progress;
  }

  get message(): string {
    return this.#message;
  }

  /** The whole first frame. */
  drawAll(): void {
    const s = this.frames.back;
    const screen = { x: 0, y: 0, w: s.width, h: s.height };
    s.fillRect(screen, this.style.background);
    if (this.image) {
      const at = fitRect(this.image.width, this.image.height, screen, this.style.fit);
      if (at.w === this.image.width && at.h === this.image.height) s.blit(this.image, at, { op: 'over' });
      else blitScaled(s, this.image, at, { op: 'over' });
    }
    const line = this.layout.message;
    this.#lineBase = Surface.create(line.w, line.h, s.format);
    this.#lineBase.blit(s, { x: 0, y: 0 }, { srcRect: line });
    s.fillRect(this.layout.bar, this.style.barColor);
    s.fillRect(this.layout.track, this.style.trackColor);
    this.#fillBar(0, this.#progress);
    this.#drawMessage();
    this.frames.damageAll();
  }

  setProgress(percent: number): void {
    const p = Math.min(100, Math.max(0, percent));
    const from = this.#fillWidth(this.#progress);
    const to = this.#fillWidth(p);
    this.#progress = p;
    if (from === to) return;
    const { track } = this.layout;
    const grow = to > from;
    const rect = { x: track.x + Math.min(from, to), y: track.y, w: Math.abs(to - from), h: track.h };
    this.frames.back.fillRect(rect, grow ? this.style.barColor : this.style.trackColor);
    this.frames.damage(rect);
  }

  setMessage(text: string): void {
    if (text === this.#message) return;
    this.#message = text;
    this.#drawMessage();
    this.frames.damage(this.layout.message);
  }

  /** Applies a protocol command; returns true for QUIT. */
  apply(command: SplashCommand): boolean {
    if (command.kind === 'progress') this.setProgress(command.percent);
    else if (command.kind === 'msg') this.setMessage(command.text);
    return command.kind === 'quit';
  }

  #fillWidth(percent: number): number {
    return Math.round((this.layout.track.w * percent) / 100);
  }

  #fillBar(fromPercent: number, toPercent: number): void {
    const { track } = this.layout;
    const from = this.#fillWidth(fromPercent);
    const w = this.#fillWidth(toPercent) - from;
    if (w > 0) this.frames.back.fillRect({ x: track.x + from, y: track.y, w, h: track.h }, this.style.barColor);
  }

  /** Puts the base back under the line, then the text centered, cut to what fits. */
  #drawMessage(): void {
    const s = this.frames.back;
    const { message: line, textScale } = this.layout;
    if (this.#lineBase) s.blit(this.#lineBase, { x: line.x, y: line.y });
    const { font, textColor: color } = this.style;
    if (font) {
      // One line, centered, cut with an ellipsis to the width; clipped to the line's rectangle.
      s.setClip(line);
      try {
        drawOutlineText(s, this.#message.replace(/[\x00-\x1f\x7f]/g, ' '), {
          font,
          size: line.h * 0.75,
          x: line.x,
          y: line.y,
          width: line.w,
          align: 'center',
          maxLines: 1,
          color,
        });
      } finally {
        s.setClip(null);
      }
      return;
    }
    const glyphW = builtinFont.width * textScale;
    const chars = [...this.#message.replace(/[\x00-\x1f\x7f]/g, ' ')];
    const text = chars.slice(0, Math.floor(line.w / glyphW)).join('');
    const w = measureText(text, builtinFont, textScale).width;
    drawText(s, text, { x: line.x + Math.floor((line.w - w) / 2), y: line.y }, { color: this.style.textColor, scale: textScale });
  }
}
