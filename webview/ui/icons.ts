// Line icons drawn on a 16×16 grid in the text colour, so they follow every theme. The panel has no
// access to VS Code's icon font, and remote assets are not allowed.
const PATHS = {
  search: 'M10.5 10.5 14 14M11.5 6.75a4.75 4.75 0 1 1-9.5 0 4.75 4.75 0 0 1 9.5 0Z',
  filter: 'M2 3.5h12M4.5 8h7M7 12.5h2',
  groupByFile: 'M2.5 3h7M5 6.5h8.5M5 10h8.5M2.5 13h7',
  flatList: 'M2.5 3.5h11M2.5 6.5h11M2.5 9.5h11M2.5 12.5h11',
  add: 'M8 3v10M3 8h10',
  remove: 'M4 4l8 8M12 4l-8 8',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  selection: 'M3 3h2M3 3v10M3 13h2M13 3h-2M13 3v10M13 13h-2M6.5 8h3',
  retry: 'M13 8a5 5 0 1 1-1.5-3.55M13 2.5V5h-2.5',
  clear: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5',
} as const;

export type IconName = keyof typeof PATHS;

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.appendChild(path);
  return svg;
}
