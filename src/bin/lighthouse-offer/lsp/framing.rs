//! The framing of the Language Server Protocol on standard input: headers, a blank line,
//! `Content-Length` bytes of JSON; a message that is not one is answered with a JSON-RPC error
//! instead of ending the connection.
//!
//! Uses no other module of the tool.

use std::io::{self, BufRead};

use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// The largest message read, in bytes: a document of the largest size the library reads, with
/// room for the JSON-RPC envelope and escapes.
const MAX_MESSAGE_BYTES: usize = 4 * lighthouse_offer::Offer::MAX_DOCUMENT_BYTES;

/// Why a message could not be had.
pub enum Incoming {
    /// The bytes were read, but are no JSON-RPC message: answered with this code, the message's
    /// `id` when it has one (`null` otherwise) and this text.
    Malformed(ErrorCode, Value, String),
    /// Standard input failed.
    Io(io::Error),
}

/// Reads one framed message: headers, a blank line, `Content-Length` bytes of JSON. `None` at
/// the end of the input.
pub fn read_message(input: &mut impl BufRead) -> Result<Option<Message>, Incoming> {
    let mut length = None;
    let mut line = String::new();
    let mut any_header = false;
    loop {
        line.clear();
        let read = input.read_line(&mut line).map_err(Incoming::Io)?;
        if read == 0 {
            return if any_header {
                Err(Incoming::Io(io::ErrorKind::UnexpectedEof.into()))
            } else {
                Ok(None)
            };
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if any_header {
                break;
            }
            continue;
        }
        any_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return Err(Incoming::Malformed(
            ErrorCode::ParseError,
            Value::Null,
            "the message has no valid Content-Length header".into(),
        ));
    };
    if length > MAX_MESSAGE_BYTES {
        // Skipped unread would leave the stream out of step: read and drop it.
        let mut left = length;
        let mut chunk = [0_u8; 8192];
        while left > 0 {
            let read = input
                .read(&mut chunk[..left.min(8192)])
                .map_err(Incoming::Io)?;
            if read == 0 {
                break;
            }
            left -= read;
        }
        return Err(Incoming::Malformed(
            ErrorCode::InvalidRequest,
            Value::Null,
            format!("the message has {length} bytes, at most {MAX_MESSAGE_BYTES} are read"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(Incoming::Io)?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        Incoming::Malformed(
            ErrorCode::ParseError,
            Value::Null,
            format!("the message is not JSON: {e}"),
        )
    })?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let shaped = value.get("method").is_some_and(Value::is_string)
        || (value.get("id").is_some()
            && (value.get("result").is_some() || value.get("error").is_some()));
    if !shaped {
        return Err(Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            "the JSON is not a JSON-RPC request, response or notification: it has no `method`, \
             nor the `result` or `error` of a response"
                .into(),
        ));
    }
    let message = serde_json::from_value::<Message>(value).map_err(|e| {
        Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            format!("the JSON is not a JSON-RPC request, response or notification: {e}"),
        )
    })?;
    Ok(Some(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_without_length_or_json_are_malformed_not_fatal() {
        let mut input: &[u8] = b"Content-Length: 5\r\n\r\n{nop}Content-Length: 2\r\n\r\n{}";
        assert!(matches!(
            read_message(&mut input),
            Err(Incoming::Malformed(ErrorCode::ParseError, Value::Null, _))
        ));
        assert!(matches!(
            read_message(&mut input),
            Err(Incoming::Malformed(ErrorCode::InvalidRequest, _, _))
        ));
        assert!(matches!(read_message(&mut input), Ok(None)));
    }
}
