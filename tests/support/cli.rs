//! Helpers shared by the tests that run the `lighthouse-offer` binary as a user runs it.

// Each test file uses some of the helpers, not all.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with a clean colour environment: the output goes to a pipe, so `anstream` takes
/// colours out unless a test asks for them.
pub fn tool() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lighthouse-offer"));
    command
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
    command
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    tool().args(args).output().expect("the binary runs")
}

/// A fresh, empty folder for one test's files, under the target folder: `group` names the test
/// file, `name` the test.
pub fn folder(group: &str, name: &str) -> PathBuf {
    let dir = absent_folder(group, name);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder for one test's files that does not exist yet (a command that writes files makes
/// it), under the target folder: `group` names the test file, `name` the test.
pub fn absent_folder(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// The path of the bundled example offer, for commands that read it.
pub const EXAMPLE_OFFER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);

/// What a command that writes files says of them: `wrote PATH`, a line each.
pub fn wrote(paths: &[PathBuf]) -> String {
    paths.iter().fold(String::new(), |mut said, p| {
        let _ = writeln!(said, "wrote {}", p.display());
        said
    })
}

/// Runs `arm export` on the example offer with `args` and `--out dir`, and asserts that it
/// succeeds and says it wrote `files` (paths in `dir`), in that order; returns their paths.
#[track_caller]
pub fn export_example(dir: &Path, args: &[&str], files: &[&str]) -> Vec<PathBuf> {
    let mut all = vec!["arm", "export", EXAMPLE_OFFER];
    all.extend(args);
    all.extend(["--out", dir.to_str().unwrap()]);
    let output = run(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    assert_eq!(stdout(&output), wrote(&paths));
    paths
}

/// Runs `arm export` on the example offer with `args` and `--out dir`, and asserts that it
/// refuses them as a usage error (exit status 2) before it makes `dir`; returns what it said on
/// standard error.
#[track_caller]
pub fn export_example_refused(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["arm", "export", EXAMPLE_OFFER];
    all.extend(args);
    all.extend(["--out", dir.to_str().unwrap()]);
    let output = run(&all);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.exists());
    stderr(&output)
}

/// The standard output, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The standard error, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts the exit status, showing both outputs when it is another, and that nothing panicked.
#[track_caller]
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}
