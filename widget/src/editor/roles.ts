// Who is using the workbench, from the page the server rendered (body data-role). The server
// enforces the rules (KnowledgeService.SaveAsync, RestoreAsync, PUT /synonyms); the page only
// hides what would be refused.
export type Role = "librarian" | "editor" | "admin";

export function currentRole(): Role {
  const role = document.body.dataset.role;
  return role === "editor" || role === "admin" ? role : "librarian";
}

/** Editors and admins publish, archive, restore versions and change synonyms; librarians propose drafts. */
export function canPublish(role: Role = currentRole()): boolean {
  return role === "editor" || role === "admin";
}
