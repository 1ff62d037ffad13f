// A small module other files use, shared by the definitions tests: the plain-Node one (a scripted language server
// reads it) and the real-VS-Code one (TypeScript's server finds `distance` in it).
export const GEOMETRY_SOURCE = [
  'export interface Point {',
  '  x: number;',
  '  y: number;',
  '}',
  '',
  'export function distance(a: Point, b: Point): number {',
  '  const dx = a.x - b.x;',
  '  return Math.hypot(dx, a.y - b.y);',
  '}',
  'export const ORIGIN: Point = { x: 0, y: 0 };',
].join('\n');
