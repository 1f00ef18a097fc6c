import { PathLayer, TextLayer } from '@deck.gl/layers';
import type { StreetGeometry } from '../api/basemap.operations';
import { linesOf, midpointOf, type LonLat } from '../map/geo';

interface StreetPath {
  id: string;
  name: string;
  path: LonLat[];
}

export function streetPaths(streets: StreetGeometry[]): StreetPath[] {
  return streets.flatMap((s) =>
    linesOf(s.geometry).map((path) => ({ id: s.id, name: s.name, path })),
  );
}

/** Street lines of the offline basemap, wider as the map zooms in. */
export function streetsLayer(paths: StreetPath[]): PathLayer<StreetPath> {
  return new PathLayer<StreetPath>({
    id: 'basemap-streets',
    data: paths,
    getPath: (d) => d.path,
    getColor: [255, 255, 255, 255],
    getWidth: 7,
    widthUnits: 'meters',
    widthMinPixels: 1.5,
    widthMaxPixels: 12,
    capRounded: true,
    jointRounded: true,
    pickable: false,
  });
}

/** Casing under the street lines so white streets stand out on the light land fill. */
export function streetCasingLayer(paths: StreetPath[]): PathLayer<StreetPath> {
  return new PathLayer<StreetPath>({
    id: 'basemap-streets-casing',
    data: paths,
    getPath: (d) => d.path,
    getColor: [170, 165, 155, 255],
    getWidth: 10,
    widthUnits: 'meters',
    widthMinPixels: 2.5,
    widthMaxPixels: 15,
    pickable: false,
  });
}

// Printable ASCII plus the accented letters of Italian street names: a fixed glyph atlas.
const LABEL_CHARACTERS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + 'àèéìíòóùúÀÈÉÌÒÙ’';

interface StreetLabel {
  name: string;
  position: LonLat;
}

export function streetLabels(streets: StreetGeometry[]): StreetLabel[] {
  const labels: StreetLabel[] = [];
  for (const s of streets) {
    const position = midpointOf(s.geometry);
    if (position) labels.push({ name: s.name, position });
  }
  return labels;
}

/** Street names, shown only from zoom 15 where they no longer pile up. */
export function streetLabelsLayer(labels: StreetLabel[], zoom: number): TextLayer<StreetLabel> {
  return new TextLayer<StreetLabel>({
    id: 'basemap-street-labels',
    data: labels,
    visible: zoom >= 15,
    getPosition: (d) => d.position,
    getText: (d) => d.name,
    getSize: 12,
    sizeUnits: 'pixels',
    getColor: [30, 30, 30, 255],
    // A plain glyph atlas on a light box: SDF outlines lost thin letters ("i") in software WebGL.
    background: true,
    getBackgroundColor: [255, 255, 255, 200],
    backgroundPadding: [3, 1],
    characterSet: LABEL_CHARACTERS,
    fontFamily: 'system-ui, sans-serif',
    pickable: false,
  });
}
