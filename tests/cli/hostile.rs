//! Hostile files given to the binary: invalid UTF-8, a file over the document limit, deep
//! nesting. Each ends in a clear diagnostic and exit code 2, never a panic (the library's side is
//! in `tests/rules/hostile.rs`).

use std::path::PathBuf;
use std::process::Output;

fn folder(name: &str) -> PathBuf {
    crate::support::cli::folder("hostile", name)
}

fn check(path: &std::path::Path) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = crate::support::cli::tool()
        .arg("check")
        .arg(path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (status.code(), String::from_utf8(stdout).unwrap(), stderr)
}

#[test]
fn invalid_utf8_exits_2_with_the_place_of_the_first_bad_byte() {
    let dir = folder("utf8");
    let path = dir.join("offer.json");
    let mut bytes = crate::support::EXAMPLE.as_bytes().to_vec();
    bytes.splice(10..10, [0xC3, 0x28]); // a lead byte without its continuation
    std::fs::write(&path, bytes).unwrap();
    let (code, _, stderr) = check(&path);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "`{}` is not UTF-8 text: line 2, column 9 has the byte 0xc3",
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_document_limit_exits_2_without_being_read_whole() {
    let dir = folder("large");
    let path = dir.join("offer.json");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse file of 1 GiB: it costs no disk, and reading it whole would cost 1 GiB.
    file.set_len(1 << 30).unwrap();
    let (code, _, stderr) = check(&path);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "`{}` has 1073741824 bytes, more than the 16777216 bytes (16 MiB) that this \
             tool reads",
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn deep_nesting_exits_2_with_its_place() {
    let dir = folder("deep");
    let path = dir.join("offer.json");
    std::fs::write(&path, "[".repeat(100_000)).unwrap();
    let (code, stdout, stderr) = check(&path);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains("error[LO0009]: arrays and objects are nested more than 127 deep"),
        "{stdout}"
    );
    assert!(stdout.contains("offer.json:1:128"), "{stdout}");
}
