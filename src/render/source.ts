/** `Title (document), section`: how every output names where an exercise comes from. */
import type { Source } from '../engine/model.js';

export function describeSource(s: Source): string {
  return `${s.title ? `${s.title} (${s.document})` : s.document}${s.section ? `, ${s.section}` : ''}`;
}
