// Canvas assertions on real pixels: count strongly coloured pixels in a screenshot of the map.
// The offline basemap is drawn in greys and beige only, so saturated pixels come from data layers.
import type { Locator } from 'playwright-core';
import sharp from 'sharp';

export async function colouredPixels(map: Locator): Promise<number> {
  const png = await map.screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const r = data[i];
    const g = data[i + 1];
    const b = data[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
  }
  return count;
}
