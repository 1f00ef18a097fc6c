// Colour scales for the planning layers (Okabe–Ito for categories; a sequential ramp for counts).
export type RGB = [number, number, number];

export const CATEGORY_COLORS: RGB[] = [
  [230, 159, 0],
  [86, 180, 233],
  [0, 158, 115],
  [240, 228, 66],
  [0, 114, 178],
  [213, 94, 0],
  [204, 121, 167],
  [120, 94, 240],
  [100, 100, 100],
  [160, 60, 40],
];

/** Yellow → red ramp, readable on the light basemap. */
export const HEAT_RAMP: RGB[] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

export function rampColor(value: number, max: number, ramp: RGB[] = HEAT_RAMP): RGB {
  if (max <= 0) return ramp[0];
  const t = Math.min(1, Math.max(0, value / max));
  return ramp[Math.min(ramp.length - 1, Math.floor(t * (ramp.length - 1) + 0.5))];
}

/**
 * Upper bounds of up to `classes` quantile classes of the values (ascending, distinct): class i holds the
 * values in (bounds[i-1], bounds[i]]. Equal values never straddle two classes, so a data set with few
 * distinct counts gets fewer classes.
 */
export function quantileBreaks(values: ArrayLike<number>, classes = 5): number[] {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const bounds: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / classes) - 1)];
    if (bounds.length === 0 || v > bounds[bounds.length - 1]) bounds.push(v);
  }
  return bounds;
}

/** The ramp colour of the class a value falls in (the legend shows the same classes). */
export function classColor(value: number, bounds: number[], ramp: RGB[] = HEAT_RAMP): RGB {
  let i = bounds.findIndex((b) => value <= b);
  if (i < 0) i = bounds.length - 1;
  return ramp[classRampIndex(i, bounds.length, ramp.length)];
}

/** Class i of n spread over the ramp, first and last class on the ramp's ends. */
export function classRampIndex(i: number, n: number, rampLength = HEAT_RAMP.length): number {
  return n <= 1 ? rampLength - 1 : Math.round((i * (rampLength - 1)) / (n - 1));
}

/** One legend line: a colour and what it stands for (already in the page's language). */
export interface LegendEntry {
  color: RGB;
  label: string;
}

/**
 * Quantile classes as legend entries: "1", "2–4", "5–12"… for counts (integer: a class starts one above the
 * previous bound), "0.5–1.2", "> 1.2–3.4" for rates; `min` is the smallest value shown.
 */
export function classEntries(
  bounds: number[],
  min: number,
  format: (n: number) => string,
  integer: boolean,
  ramp: RGB[] = HEAT_RAMP,
): LegendEntry[] {
  return bounds.map((b, i) => {
    const low = i === 0 ? min : integer ? bounds[i - 1] + 1 : bounds[i - 1];
    const label =
      low >= b
        ? format(b)
        : i > 0 && !integer
          ? `> ${format(low)}–${format(b)}`
          : `${format(low)}–${format(b)}`;
    return { color: ramp[classRampIndex(i, bounds.length, ramp.length)], label };
  });
}
