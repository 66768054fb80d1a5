// An authorization cannot be written as a struct literal, which would skip the role rules.
use lighthouse_offer::{Authorization, DisplayName, PrincipalId, RoleDefinitionId};

fn owner(principal: PrincipalId, name: DisplayName) -> Authorization {
    Authorization {
        principal_id: principal,
        principal_id_display_name: name,
        role_definition_id: RoleDefinitionId::OWNER,
        delegated_role_definition_ids: Vec::new(),
    }
}

fn main() {
    let _ = owner;
}
