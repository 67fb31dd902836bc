/**
 * A full-screen clock and status board drawn on a Frames back buffer. Each update
 * redraws only the character cells whose text changed (the seconds digits, mostly) and
 * damages just those cells, so a present copies a few thousand pixels, not the screen.
 */
import { builtinFont } from '../../src/draw/font-builtin.js';
import { drawText } from '../../src/draw/text.js';
import type { Frames } from '../../src/present/frames.js';

export interface BoardLine {
  text: string;
  /** Pixels per font pixel. */
  scale: number;
  color: number;
}

const BACKGROUND = 0xff101820;

export class ClockBoard {
  /** What each line shows now, to find the cells that change. */
  #shown: string[] = [];

  constructor(private readonly frames: Frames) {}

  /** Paints the background and every line; the first frame. */
  drawAll(lines: BoardLine[]): void {
    const s = this.frames.back;
    s.fillRect({ x: 0, y: 0, w: s.width, h: s.height }, BACKGROUND);
    this.#shown = lines.map(() => '');
    this.frames.damageAll();
    this.update(lines);
  }

  /** Redraws the cells that differ from what is shown; returns how many. */
  update(lines: BoardLine[]): number {
    const s = this.frames.back;
    let cells = 0;
    let y = this.#top(lines);
    lines.forEach((line, i) => {
      const cellW = builtinFont.width * line.scale;
      const cellH = builtinFont.height * line.scale;
      const now = [...line.text];
      const before = [...(this.#shown[i] ?? '')];
      const left = Math.floor((s.width - now.length * cellW) / 2);
      // A line whose length changed moves as a whole: clear and redraw it.
      const relaid = now.length !== before.length;
      if (relaid) {
        const row = { x: 0, y, w: s.width, h: cellH };
        s.fillRect(row, BACKGROUND);
        this.frames.damage(row);
      }
      now.forEach((ch, col) => {
        if (!relaid && ch === before[col]) return;
        const cell = { x: left + col * cellW, y, w: cellW, h: cellH };
        s.fillRect(cell, BACKGROUND);
        drawText(s, ch, cell, { color: line.color, scale: line.scale });
        this.frames.damage(cell);
        cells++;
      });
      this.#shown[i] = line.text;
      y += cellH + Math.max(2, line.scale * 2);
    });
    return cells;
  }

  /** Top of the block of lines, centered vertically. */
  #top(lines: BoardLine[]): number {
    const total = lines.reduce((h, l) => h + builtinFont.height * l.scale + Math.max(2, l.scale * 2), 0);
    return Math.max(0, Math.floor((this.frames.back.height - total) / 2));
  }
}

/** The board's content at `date`: the time large, the date and a status line small. */
export function clockLines(date: Date, width: number, status: string): BoardLine[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  // The time takes about 70% of the width; the other lines a third of that scale.
  const big = Math.max(1, Math.floor((width * 0.7) / (time.length * builtinFont.width)));
  const small = Math.max(1, Math.floor(big / 4));
  return [
    { text: time, scale: big, color: 0xfff0f0f0 },
    { text: date.toDateString(), scale: small, color: 0xff9fb4c8 },
    { text: status, scale: small, color: 0xff6f8498 },
  ];
}
