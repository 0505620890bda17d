export const ROLES = ['admin', 'ml-engineer', 'reliability-engineer', 'plant-manager'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: an api user, or an operator at the CLI (`cli:<os user>`, all sites). */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** Site names a plant manager is limited to; empty = all sites (other roles). */
  sites: string[];
}

/** The actor name written into audit events. */
export function actorName(actor: Actor): string {
  return actor.name;
}

/** Sites the actor may see, or null when not limited. */
export function siteScope(actor: Actor): string[] | null {
  return actor.role === 'plant-manager' ? actor.sites : null;
}
