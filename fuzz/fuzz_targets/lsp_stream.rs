//! The language server's message stream: any bytes read as standard input is, message after
//! message, by the server's own framing (`src/bin/lighthouse-offer/lsp/framing.rs`, included
//! here by its path: the binary's modules are not part of the library). Never a panic, never a
//! loop that stops reading; each message read is a JSON-RPC message that writes and reads back
//! the same; each refusal has a message.
#![no_main]

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;

#[path = "../../src/bin/lighthouse-offer/lsp/framing.rs"]
#[allow(dead_code)]
mod framing;

fuzz_target!(|data: &[u8]| {
    let mut input = BufReader::new(data);
    // Every message consumes at least one byte (a header line), so a stream of n bytes holds
    // at most n messages: more rounds would be a loop that does not read.
    for _ in 0..=data.len() {
        match framing::read_message(&mut input) {
            Ok(None) | Err(framing::Incoming::Io(_)) => return,
            Ok(Some(message)) => {
                // A response read with `"result": null` has no result for lsp_server (serde reads
                // `null` into `None`), and lsp_server writes it without its `result` field, which
                // JSON-RPC (and this framing) refuses. The server writes every result it sends
                // as a value (`Response::new_ok`), `null` included: write it back that way.
                let mut out = message.clone();
                if let lsp_server::Message::Response(response) = &mut out
                    && response.result.is_none()
                    && response.error.is_none()
                {
                    response.result = Some(serde_json::Value::Null);
                }
                let mut written = Vec::new();
                out.write(&mut written).expect("a message read is written");
                let again = framing::read_message(&mut &written[..])
                    .ok()
                    .flatten()
                    .expect("a message written reads back");
                assert_eq!(
                    serde_json::to_value(&again).unwrap(),
                    serde_json::to_value(&message).unwrap(),
                    "a message reads back the same"
                );
            }
            Err(framing::Incoming::Malformed(_, id, text)) => {
                assert!(!text.is_empty(), "a refusal says why");
                assert!(id.is_null() || id.is_number() || id.is_string());
            }
        }
    }
    panic!("more messages than bytes: the framing does not read");
});
