//! `lighthouse-offer preview`: one HTML page that shows an offer as customers will see it on
//! Azure Marketplace and in the Azure portal, with every finding of `check` beside the element
//! it is about.
//!
//! Uses `cli`, `io` and `output`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lighthouse_offer::image::{MAX_IMAGE_FILE_BYTES, inspect_png, read_image_file};
use serde_json::Value;

use crate::cli::PreviewArgs;
use crate::io::{document, files, project};
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::html::base64;
use crate::output::html::preview::{Image, Preview, render};

/// Writes the page: exit status 0 once written (findings are on the page, not in the status),
/// 2 when the document cannot be read or the page cannot be written.
pub fn run(args: &PreviewArgs) -> ExitCode {
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let file = args.file.display().to_string();
    let (text, format) = match document::read_file(&args.file, args.input_format) {
        Ok(read) => read,
        Err(message) => return console::fail(&message),
    };
    let Some(value) = format.value(&text) else {
        console::error_with_help(
            &format!("`{file}` cannot be previewed: it is not a document that parses"),
            &format!("`lighthouse-offer check {file}` shows where it stops"),
        );
        return ExitCode::from(2);
    };
    // What `check` would show: the rules allowed and the default edition of the project file.
    let (allowed, project) = match project::for_document(&args.file).and_then(|project| {
        Ok((
            Allowed::from_args(&[])?.with_project(project.as_ref())?,
            project,
        ))
    }) {
        Ok(found) => found,
        Err(message) => return console::fail(&message),
    };
    let edition = project
        .and_then(|p| p.edition)
        .filter(|_| value.get("edition").is_none());
    let base_dir = files::base_dir(&args.file);
    let findings: Vec<_> = document::check(&text, format, Some(base_dir), edition, &catalog)
        .into_iter()
        .filter(|d| allowed.source(d.rule()).is_none())
        .collect();
    let images = images(&value, base_dir);
    let page = render(&Preview {
        file: &file,
        document: &value,
        images: &images,
        findings: &findings,
        roles: &catalog,
    });
    let out = args.out.clone().unwrap_or_else(|| beside(&args.file));
    if out.as_os_str() == "-" {
        return console::finish(console::out(&page), ExitCode::SUCCESS);
    }
    if out.exists() && !args.force {
        console::error_with_help(
            &format!("`{}` exists already", out.display()),
            "preview never overwrites a file unless asked: add --force, or give another --out",
        );
        return ExitCode::from(2);
    }
    if let Err(error) = std::fs::write(&out, page.as_bytes()) {
        return console::fail(&format!("cannot write `{}`: {error}", out.display()));
    }
    let shown = match findings.len() {
        0 => "; `check` finds nothing to show beside it".to_owned(),
        1 => ", with the finding of `check` beside what it is about".to_owned(),
        n => format!(", with the {n} findings of `check` beside what they are about"),
    };
    console::notice(&format!(
        "wrote `{}`: the offer as customers will see it{shown}",
        out.display()
    ));
    ExitCode::SUCCESS
}

/// The default page: `STEM.preview.html` beside the document.
fn beside(document: &Path) -> PathBuf {
    let stem = document
        .file_stem()
        .map_or_else(|| "offer".into(), |s| s.to_string_lossy().into_owned());
    files::base_dir(document).join(format!("{stem}.preview.html"))
}

/// Every image the document names (logos, hero, screenshots, video thumbnails), read as the
/// check reads them (relative to the document's folder, no path out of it, no link, a size
/// limit) and embedded when it is a PNG file; or why not.
fn images(document: &Value, base_dir: &Path) -> BTreeMap<String, Result<Image, String>> {
    let artifacts = document.get("marketingArtifacts");
    let mut paths: Vec<&str> = Vec::new();
    if let Some(logos) = artifacts
        .and_then(|a| a.get("logos"))
        .and_then(Value::as_object)
    {
        paths.extend(logos.values().filter_map(Value::as_str));
    }
    if let Some(hero) = artifacts
        .and_then(|a| a.get("hero"))
        .and_then(Value::as_str)
    {
        paths.push(hero);
    }
    let list = |key| {
        artifacts
            .and_then(|a| a.get(key))
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    for shot in list("screenshots") {
        paths.extend(
            shot.as_str()
                .or_else(|| shot.get("path").and_then(Value::as_str)),
        );
    }
    for video in list("videos") {
        paths.extend(video.get("thumbnail").and_then(Value::as_str));
    }
    paths
        .into_iter()
        .map(|path| {
            let image = read_image_file(base_dir, path, MAX_IMAGE_FILE_BYTES)
                .and_then(|bytes| {
                    let info = inspect_png(&bytes)?;
                    Ok(Image {
                        width: info.width(),
                        height: info.height(),
                        base64: base64(&bytes),
                    })
                })
                .map_err(|error| error.to_string());
            (path.to_owned(), image)
        })
        .collect()
}
