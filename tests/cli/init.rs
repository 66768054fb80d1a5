//! `lighthouse-offer init` and the starter offer: checking a fresh starter finds exactly its
//! placeholders (`placeholder-value`), each saying what belongs there; the YAML starter is the
//! JSON starter with comments.

use crate::support::cli::{assert_exit, run, stderr, stdout};
use lighthouse_offer::starter::Starter;
use lighthouse_offer::yaml::Document;
use lighthouse_offer::{Edition, Offer, Rule};
use serde_json::Value;

#[test]
fn a_fresh_starter_has_only_placeholders_each_saying_what_belongs_there() {
    for &edition in Edition::ALL {
        let starter = Starter::new(edition);
        let text = starter.json();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["edition"],
            edition.name(),
            "every starter names its edition"
        );
        let report = Offer::from_json_str(&text).unwrap_err();
        let diagnostics = report.diagnostics();
        assert!(diagnostics.len() > 10, "{edition}: {report}");
        for d in diagnostics {
            assert_eq!(d.rule(), Rule::PlaceholderValue, "{edition}: {d}");
            let at = value.pointer(d.path().as_str()).unwrap().as_str().unwrap();
            assert!(at.starts_with('<') && at.ends_with('>'), "{d}");
            assert!(d.message().contains("expected"), "{d}");
            assert!(d.help().starts_with("Replace"), "{}", d.help());
        }
        // Every placeholder of the text is reported, once.
        let count = text.matches("\"<").count();
        assert_eq!(diagnostics.len(), count, "{edition}");
    }
}

#[test]
fn the_yaml_starter_reads_back_as_the_json_starter_and_has_comments() {
    for &edition in Edition::ALL {
        let starter = Starter::new(edition);
        let json: Value = serde_json::from_str(&starter.json()).unwrap();
        let yaml = starter.yaml();
        assert_eq!(Document::parse(&yaml).unwrap().value(), &json, "{edition}");
        let comments = yaml
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count();
        assert!(comments >= 30, "{edition}: {comments} comments\n{yaml}");
        assert!(yaml.contains("# The GUID of a built-in role"), "{yaml}");
    }
}

#[test]
fn the_starter_logos_have_the_sizes_the_edition_asks_for() {
    for &edition in Edition::ALL {
        let images = Starter::new(edition).images();
        assert!(!images.is_empty());
        for image in images {
            let png = image.png();
            let decoder = png::Decoder::new(std::io::Cursor::new(png));
            let reader = decoder.read_info().unwrap();
            let info = reader.info();
            assert_eq!((info.width, info.height), (image.width, image.height));
        }
    }
}

#[test]
fn init_writes_a_starter_that_check_reports_only_placeholders_in() {
    for (name, args, file) in [
        ("json", &[][..], "offer.json"),
        ("yaml", &["--yaml"][..], "offer.yaml"),
        ("json_2020", &["--edition", "2020"][..], "offer.json"),
    ] {
        let dir = crate::support::cli::folder("init", name).join("my-offer");
        let dir_arg = dir.to_str().unwrap();
        let mut command = vec!["init", dir_arg];
        command.extend_from_slice(args);
        let output = run(&command);
        assert_exit(&output, 0);
        assert!(
            stderr(&output).contains("placeholder"),
            "{}",
            stderr(&output)
        );
        let document = dir.join(file);
        assert!(document.is_file(), "{name}");
        // The schema the document names is there.
        let text = std::fs::read_to_string(&document).unwrap();
        assert!(text.contains("lighthouse-offer.schema.json"), "{text}");
        assert!(dir.join("lighthouse-offer.schema.json").is_file());
        if name == "yaml" {
            assert!(text.starts_with(
                "# yaml-language-server: $schema=lighthouse-offer.draft-07.schema.json\n"
            ));
            assert!(dir.join("lighthouse-offer.draft-07.schema.json").is_file());
        }
        let output = run(&["check", "--format", "json", document.to_str().unwrap()]);
        assert_exit(&output, 1);
        let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        assert!(!found.is_empty());
        for d in &found {
            // Images included: the logos are there, of the right sizes.
            assert_eq!(d["name"], "placeholder-value", "{name}: {d}");
        }
        // A second init into the same folder overwrites nothing.
        let again = run(&command);
        assert_exit(&again, 2);
        assert!(
            stderr(&again).contains("exists already"),
            "{}",
            stderr(&again)
        );
    }
}

/// A PNG of the size of `image`, as a designer would make it: no placeholder marker.
fn own_logo(image: &lighthouse_offer::starter::StarterImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let data = vec![0x30; image.width as usize * image.height as usize * 3];
    {
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&data).unwrap();
    }
    bytes
}

#[test]
fn the_starter_logos_are_marked_and_reported_until_replaced() {
    use lighthouse_offer::image::is_placeholder;
    for &edition in Edition::ALL {
        for image in Starter::new(edition).images() {
            assert!(is_placeholder(&image.png()), "{edition}: {}", image.path);
            assert!(!is_placeholder(&own_logo(&image)), "{edition}");
        }
    }
    // Bytes that are no PNG, or a chunk list cut short or lying about its length, hold no marker.
    let marked = Starter::new(Edition::LATEST).images()[0].png();
    let text_at = marked.windows(4).position(|w| w == b"tEXt").unwrap();
    for bytes in [&b""[..], b"GIF89a", &marked[..8], &marked[..text_at + 10]] {
        assert!(!is_placeholder(bytes), "{bytes:?}");
    }
    let mut lying = marked[..text_at + 4].to_vec();
    lying[text_at - 4..text_at].copy_from_slice(&u32::MAX.to_be_bytes());
    lying.extend_from_slice(&marked[text_at + 4..]);
    assert!(!is_placeholder(&lying));
    let dir = crate::support::cli::folder("init", "logos").join("my-offer");
    assert_exit(&run(&["init", dir.to_str().unwrap()]), 0);
    let document = dir.join("offer.json");
    let logos = |dir: &std::path::Path| -> Vec<(String, String)> {
        let output = run(&["check", "--format", "json", dir.to_str().unwrap()]);
        let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        found
            .iter()
            .filter(|d| {
                d["path"]
                    .as_str()
                    .unwrap()
                    .starts_with("/marketingArtifacts/")
            })
            .map(|d| {
                assert_eq!(d["name"], "placeholder-value", "{d}");
                let help = d["help"].as_str().unwrap();
                assert!(help.contains("Replace the file"), "{help}");
                (
                    d["path"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let images = Starter::new(Edition::LATEST).images();
    let found = logos(&document);
    assert_eq!(found.len(), images.len(), "{found:?}");
    for (_, message) in &found {
        assert!(message.contains("placeholder image"), "{message}");
    }
    // The offer's own logo in place of the first: that one passes, the others are still reported.
    std::fs::write(dir.join(&images[0].path), own_logo(&images[0])).unwrap();
    let after = logos(&document);
    assert_eq!(after.len(), images.len() - 1, "{after:?}");
    assert!(
        !after
            .iter()
            .any(|(_, message)| message.contains(&format!("`{}`", images[0].path))),
        "{after:?}"
    );
}
