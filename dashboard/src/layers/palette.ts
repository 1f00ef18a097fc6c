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
