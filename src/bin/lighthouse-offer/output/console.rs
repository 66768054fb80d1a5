//! Writing to the terminal: standard output and error (colours taken out where they do not
//! belong), the messages that are not diagnostics (a problem, a note, a warning, each with help
//! or not), and a command's exit status once its output is written.
//!
//! Uses no other module of the tool.

use std::io::{self, Write as _};
use std::process::ExitCode;

use annotate_snippets::{Group, Level, Renderer};

/// Styles for a terminal; `anstream` takes them out again when the output is not a terminal or
/// `NO_COLOR` is set.
pub fn renderer() -> Renderer {
    Renderer::styled()
}

/// A problem that is not a diagnostic of a document, such as a file that cannot be read.
pub fn problem(message: &str) -> String {
    renderer().render(&[Group::with_title(Level::ERROR.primary_title(message))])
}

/// A note, such as what a command did.
pub fn note(message: &str) -> String {
    renderer().render(&[Group::with_title(Level::NOTE.primary_title(message))])
}

/// A problem with a hint on how to go on.
pub fn problem_with_help(message: &str, help: &str) -> String {
    renderer().render(&[Level::ERROR
        .primary_title(message)
        .element(Level::HELP.message(help))])
}

/// A warning that is not a diagnostic of a document, with how to go on.
pub fn warning_with_help(message: &str, help: &str) -> String {
    renderer().render(&[Level::WARNING
        .primary_title(message)
        .element(Level::HELP.message(help))])
}

/// Writes to standard output, colours taken out where they do not belong. A reader that went
/// away (`| head`) is not an error.
pub fn out(text: &str) -> io::Result<()> {
    let result = anstream::stdout().lock().write_all(text.as_bytes());
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes to standard error, colours taken out where they do not belong.
pub fn err(text: &str) {
    // Nothing sensible is left to do when standard error cannot be written to.
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// Writes a problem to standard error, on its own line.
pub fn error(message: &str) {
    err(&problem(message));
    err("\n");
}

/// Writes a problem with a hint on how to go on to standard error, on its own line.
pub fn error_with_help(message: &str, help: &str) {
    err(&problem_with_help(message, help));
    err("\n");
}

/// Writes a warning that is not a diagnostic of a document, with how to go on, to standard
/// error, on its own line.
pub fn warning(message: &str, help: &str) {
    err(&warning_with_help(message, help));
    err("\n");
}

/// Writes a note to standard error, on its own line.
pub fn notice(message: &str) {
    err(&note(message));
    err("\n");
}

/// Writes a problem to standard error; exit status 2 (the command could not do its work).
pub fn fail(message: &str) -> ExitCode {
    error(message);
    ExitCode::from(2)
}

/// The exit status of a command whose output is `written`: `status`, or 2 when the output could
/// not be written.
pub fn finish(written: io::Result<()>, status: ExitCode) -> ExitCode {
    match written {
        Ok(()) => status,
        Err(error) => fail(&format!("cannot write the output: {error}")),
    }
}

/// The exit status of a command: 2 when it could not do its work (an input could not be read),
/// which takes precedence; 1 when what it was given fails; 0 otherwise.
pub fn exit_status(could_not_read: bool, failed: bool) -> ExitCode {
    if could_not_read {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `1 error`, `2 errors`: a count and its noun.
pub fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}
