//! The library's model and its rules, without the binary: values, plans, authorizations, roles,
//! the whole offer and its listing, images, editions, updates, the schema, ARM and Bicep files,
//! the audit, YAML, properties over generated inputs and hostile input. One test binary; each file below is
//! one area. Helpers live in `tests/support`, shared with the other test binaries.

#[path = "../support/mod.rs"]
mod support;

// The example images' drawing code, shared with `cargo run --example make_example_images`.
#[path = "../../examples/make_example_images.rs"]
#[allow(dead_code)]
mod make_example_images;

mod arm_export;
mod arm_export_formats;
mod arm_export_plans;
mod arm_hostile;
mod arm_import;
mod arm_policy;
mod arm_properties;
mod arm_templates;
mod audience;
mod audit;
mod audit_graph;
#[cfg(feature = "live")]
mod audit_graph_live;
#[cfg(feature = "live")]
mod audit_live;
mod audit_published;
#[cfg(feature = "live")]
mod audit_published_live;
mod authorizations;
mod bicep;
mod editions;
mod format_doc;
mod front_door;
mod help;
mod hostile;
mod hostile_readers;
mod html;
mod image;
mod json_leniency;
mod leads_legal_support;
mod offer_example;
mod offer_in_code;
mod offer_limits;
mod offer_rules;
mod placeholders;
mod plans;
mod properties;
mod reader_equivalence;
mod role_catalog;
mod roles;
mod rule_ranges;
mod schema;
mod terraform;
mod update;
mod values;
mod wrong_names;
mod yaml;
