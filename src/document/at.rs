//! Where the reader is in a document ([`At`]), and names from the document shortened for
//! messages: shared by the tree's reader (`json`) and the model's (`decode`).

use crate::report::diagnostic::JsonPointer;

/// Where the reader is, as a chain of borrowed steps from the root; turned into a
/// [`JsonPointer`] only when needed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    pub(crate) fn pointer(&self) -> JsonPointer {
        match self {
            At::Root => JsonPointer::root(),
            At::Key(parent, key) => parent.pointer().key(key),
            At::Index(parent, index) => parent.pointer().index(*index),
        }
    }
}

/// A name from the document for a message: at most 60 characters, then `…`.
pub(crate) fn shortened(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(60) {
        None => text.into(),
        Some((end, _)) => format!("{}…", &text[..end]).into(),
    }
}
