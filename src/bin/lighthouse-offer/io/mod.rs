//! Reading what the commands are given: files (size limit, encodings), the input format of a
//! document (JSON or YAML), offer documents read through the library in that format, the
//! template of an ARM parameters file, and the role catalog of `--role-catalog`.
//!
//! May use `cli` (the argument types) and the library; writes nothing to the terminal: problems
//! are returned as messages for `output` to show.

pub mod arm;
pub mod document;
pub mod files;
pub mod input;
pub mod role_catalog;
