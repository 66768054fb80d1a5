//! The command-line tool, run as a user runs it: every subcommand, its outputs and exit codes,
//! the files it reads and writes, and the example outputs of README and the guide. One test
//! binary; each file below is one command or concern. Helpers live in `tests/support`.

#![cfg(feature = "cli")]

#[path = "../support/mod.rs"]
mod support;

mod allow;
mod arm;
mod arm_export_formats;
mod arm_policy;
mod arm_templates;
mod audit;
mod audit_graph;
mod audit_published;
mod bicep;
mod commands;
mod diff;
mod editions;
mod encodings;
mod formats;
mod hostile;
mod init;
mod migrate;
mod pages;
mod readme;
mod role_catalog;
mod role_names;
mod show;
mod terraform;
mod yaml;
