//! The language server with a real client: headless Neovim (its built-in LSP client, Neovim 0.7
//! or later) opens an offer written in YAML, attaches `lighthouse-offer lsp`, and reports the
//! diagnostics it received and a hover (`tests/neovim/check_offer.lua`).
//!
//! A conformance test, ignored by default: it needs `nvim` on the PATH. `.ci/run` installs
//! Debian's `neovim` package and runs the ignored tests.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[test]
#[ignore = "conformance: needs Neovim (`nvim` on the PATH; .ci/run installs Debian's neovim)"]
fn neovim_receives_the_diagnostics_and_a_hover() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = crate::support::cli::folder("lsp_neovim", "diagnostics");
    for sub in ["logos", "screenshots"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join("examples/contoso-sentinel").join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let example =
        std::fs::read_to_string(root.join("examples/contoso-sentinel/offer.yaml")).unwrap();
    let owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    let text = example
        .replace("name: \"Contoso Managed Sentinel\"", "name: no")
        .replacen("3e150937-b8fe-4cfb-8069-0eaf05ecd056", owner, 1);
    let file = dir.join("offer.yaml");
    std::fs::write(&file, &text).unwrap();
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count();
    let out = dir.join("neovim.json");

    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            root.join("tests/neovim/check_offer.lua").display()
        ))
        .env("LO_BIN", env!("CARGO_BIN_EXE_lighthouse-offer"))
        .env("LO_FILE", &file)
        .env("LO_OUT", &out)
        .env("LO_HOVER_LINE", line_of(owner).to_string())
        .env("LO_HOVER_COL", "30")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("nvim runs (install Debian's neovim package)");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("Neovim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["published"], true, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let found: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
            )
        })
        .collect();
    let owner_line = line_of(owner) as u64;
    assert_eq!(
        found,
        vec![
            ("LO0013".to_owned(), line_of("name: no") as u64, 6),
            ("LO0201".to_owned(), owner_line, 28),
        ],
        "{report:#}"
    );
    let hover = report["hover"].as_str().unwrap();
    assert!(
        hover.contains("**Owner**") && hover.contains("not supported"),
        "{hover}"
    );
}
