/**
 * progress: the bar `flashkv` draws on stderr while a long log loads.
 *
 *   Loading ./data  [##########----------]  52%  104.2 MiB of 200.0 MiB, 1234567 commands, 3.1 s
 *
 * open() reports progress about once a second, and only once a load has
 * run that long (src/aof/load.ts), so a short load draws nothing. The bar
 * is one line redrawn in place with a carriage return; {@link ProgressBar.end}
 * erases it, so what follows starts on a clean line. The caller draws it
 * only when stderr is a terminal: in a pipe or a file the redraws would be
 * noise.
 */
import type { LoadProgress } from '../aof/load.js';

const WIDTH = 20;
const ERASE_LINE = '\r\x1b[K';

/** Bytes as people read them: B, KiB, MiB or GiB with one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** One frame of the bar, without the carriage return. */
export function progressLine(label: string, progress: LoadProgress): string {
  const fraction = progress.totalBytes === 0 ? 1 : Math.min(1, progress.bytes / progress.totalBytes);
  const filled = Math.round(fraction * WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const seconds = (progress.elapsedMs / 1000).toFixed(1);
  return `${label}  [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${percent}  ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}, ${progress.commands} commands, ${seconds} s`;
}

/** ProgressBar: draws {@link progressLine} frames on one terminal line of `stream`. */
export class ProgressBar {
  readonly #stream: { write(text: string): unknown; columns?: number };
  readonly #label: string;
  #drawn = false;

  constructor(stream: { write(text: string): unknown; columns?: number }, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  /** Redraws the bar for `progress`; cut to the terminal's width, so it never wraps onto a second line. */
  update(progress: LoadProgress): void {
    let line = progressLine(this.#label, progress);
    const columns = this.#stream.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.#stream.write(ERASE_LINE + line);
    this.#drawn = true;
  }

  /** Erases the bar, if it was drawn. */
  end(): void {
    if (!this.#drawn) return;
    this.#stream.write(ERASE_LINE);
    this.#drawn = false;
  }
}
