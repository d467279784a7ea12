// The organiser's side of a room's conversation roles: the room's members
// by name, and the API call that assigns a role there (the server checks
// the card has the role and the person sits in the room).
import { api } from '../api';
import type { GroupView } from '../generated/GroupView';
import type { OrganiserView } from '../generated/OrganiserView';
import type { RoleAssigner } from '../room/Roles';

export function roleAssigner(session: OrganiserView, secret: string, group: GroupView): RoleAssigner {
  const names = new Map(session.participants.map((p) => [p.id, p.name]));
  return {
    members: group.members.map((id) => ({ id, name: names.get(id) ?? '' })),
    assign: (role, participant) => api.assignRoleInRoom(session.id, secret, group.id, { role, participant }),
  };
}
