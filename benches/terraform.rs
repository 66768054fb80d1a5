//! How fast a Terraform module is read and judged, beside hcl-edit's own parse of the same text
//! in the same run:
//!
//! - `terraform_module`: a root module whose locals list 20 authorizations (role names mapped
//!   to GUIDs through a map, a `for` expression), one `azurerm_lighthouse_definition` per
//!   customer of a `for_each` map of 10 customers, `dynamic` authorization blocks, and an
//!   assignment per customer: `terraform::check` (evaluate, lower each definition to its ARM
//!   template, judge it with the ARM reader) against `hcl_edit::parser::parse_body`.
//! - `terraform_plan`: the plan of the same delegations (`terraform show -json`), checked by
//!   `terraform::check_plan`, against `serde_json`'s parse of the same text.
//!
//! Run with `cargo bench --bench terraform`; on a busy machine add
//! `-- --warm-up-time 1 --measurement-time 3`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lighthouse_offer::terraform::{self, TerraformSources};

const CUSTOMERS: usize = 10;
const AUTHORIZATIONS: usize = 20;

fn guid(a: usize, b: usize) -> String {
    format!("{a:08x}-0000-4000-8000-{b:012x}")
}

const ROLES: [(&str, &str); 4] = [
    ("reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    ("contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
    ("monitoring", "43d0d8ad-25c7-4714-9337-8ba259a9fe05"),
    ("delete", "91c1777a-f3dc-4fae-b103-61d183457e46"),
];

/// The module's text.
fn module() -> String {
    let mut text = String::from("locals {\n  roles = {\n");
    for (name, id) in ROLES {
        let _ = writeln!(text, "    {name} = \"{id}\"");
    }
    text.push_str("  }\n  grants = [\n");
    for i in 0..AUTHORIZATIONS {
        let role = ROLES[i % ROLES.len()].0;
        let _ = writeln!(
            text,
            "    {{ principal = \"{}\", name = \"Team {i}\", role = \"{role}\" }},",
            guid(1, i)
        );
    }
    text.push_str("  ]\n  authorizations = [for g in local.grants : merge(g, { role_id = lookup(local.roles, g.role) })]\n}\n\n");
    text.push_str("variable \"customers\" {\n  default = {\n");
    for c in 0..CUSTOMERS {
        let _ = writeln!(text, "    customer{c} = \"/subscriptions/{}\"", guid(2, c));
    }
    text.push_str("  }\n}\n\n");
    text.push_str(
        r#"resource "azurerm_lighthouse_definition" "d" {
  for_each           = var.customers
  name               = format("Operations for %s", each.key)
  description        = "Round-the-clock operations"
  managing_tenant_id = "2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a"
  scope              = each.value

  dynamic "authorization" {
    for_each = local.authorizations
    content {
      principal_id           = authorization.value.principal
      principal_display_name = authorization.value.name
      role_definition_id     = authorization.value.role_id
    }
  }
}

resource "azurerm_lighthouse_assignment" "a" {
  for_each                 = var.customers
  scope                    = each.value
  lighthouse_definition_id = azurerm_lighthouse_definition.d[each.key].id
}
"#,
    );
    text
}

/// The plan of the same delegations.
fn plan() -> String {
    let mut changes = Vec::new();
    for c in 0..CUSTOMERS {
        let authorizations: Vec<serde_json::Value> = (0..AUTHORIZATIONS)
            .map(|i| {
                serde_json::json!({
                    "principal_id": guid(1, i),
                    "principal_display_name": format!("Team {i}"),
                    "role_definition_id": ROLES[i % ROLES.len()].1,
                    "delegated_role_definition_ids": null
                })
            })
            .collect();
        changes.push(serde_json::json!({
            "address": format!("azurerm_lighthouse_definition.d[\"customer{c}\"]"),
            "mode": "managed", "type": "azurerm_lighthouse_definition", "name": "d",
            "index": format!("customer{c}"),
            "change": {
                "actions": ["create"],
                "after": {
                    "name": format!("Operations for customer{c}"),
                    "description": "Round-the-clock operations",
                    "managing_tenant_id": "2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a",
                    "scope": format!("/subscriptions/{}", guid(2, c)),
                    "authorization": authorizations,
                    "eligible_authorization": [], "plan": []
                },
                "after_unknown": { "id": true, "lighthouse_definition_id": true }
            }
        }));
        changes.push(serde_json::json!({
            "address": format!("azurerm_lighthouse_assignment.a[\"customer{c}\"]"),
            "mode": "managed", "type": "azurerm_lighthouse_assignment", "name": "a",
            "index": format!("customer{c}"),
            "change": {
                "actions": ["create"],
                "after": { "scope": format!("/subscriptions/{}", guid(2, c)) },
                "after_unknown": { "id": true, "name": true, "lighthouse_definition_id": true }
            }
        }));
    }
    serde_json::json!({
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": { "root_module": { "resources": [{
            "address": "azurerm_lighthouse_assignment.a",
            "expressions": { "lighthouse_definition_id": { "references": [
                "azurerm_lighthouse_definition.d", "each.key"
            ] } }
        }] } }
    })
    .to_string()
}

fn bench(c: &mut Criterion) {
    let text = module();
    let sources = TerraformSources::new().with_file("main.tf", text.clone());
    let checked = terraform::check(&sources);
    assert_eq!(
        checked.delegations().len(),
        CUSTOMERS,
        "{:#?}",
        checked.diagnostics()
    );
    let mut group = c.benchmark_group("terraform_module");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("terraform::check", |b| {
        b.iter(|| black_box(terraform::check(black_box(&sources))));
    });
    group.bench_function("hcl_edit::parse_body", |b| {
        b.iter(|| black_box(hcl_edit::parser::parse_body(black_box(&text))));
    });
    group.finish();

    let plan = plan();
    let checked = terraform::check_plan("plan.json", &plan);
    assert_eq!(
        checked.delegations().len(),
        CUSTOMERS,
        "{:#?}",
        checked.diagnostics()
    );
    let mut group = c.benchmark_group("terraform_plan");
    group.throughput(Throughput::Bytes(plan.len() as u64));
    group.bench_function("terraform::check_plan", |b| {
        b.iter(|| black_box(terraform::check_plan("plan.json", black_box(&plan))));
    });
    group.bench_function("serde_json::from_str", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(black_box(&plan))));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
