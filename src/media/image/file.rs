//! Reading an image file named by a document: the path checked, the file read with a limit.

use super::{FileKind, ImageError};
use std::fs;
use std::io;
use std::io::Read as _;
use std::path::Path;

/// Reads the image file at `relative`, a path relative to `base_dir` (the document's folder), and
/// returns its bytes. No more than `max_bytes` bytes are read: pass
/// [`MAX_IMAGE_FILE_BYTES`](super::MAX_IMAGE_FILE_BYTES) unless you have a reason to choose
/// another limit.
///
/// The path is written as in the document: folders separated by `/`, such as `logos/40.png`.
/// Refused, before the file system is touched:
/// an empty path, an absolute path (`/etc/passwd`), a `..` component (`../../etc/passwd`), a
/// backslash, a colon (a Windows drive or stream) a NUL character, an empty or `.` component. Then every component is
/// looked at without following links ([`std::fs::symlink_metadata`]): each folder on the way must
/// be a real folder and the last component a regular file; a symbolic link anywhere is refused.
/// `base_dir` itself is trusted and may be reached through links. A file larger than `max_bytes`
/// is refused from its metadata, without being read.
///
/// Between the check and the read, a process that can write to the folder could swap a file for
/// a link; the file is opened and its type checked again, but the crate does not claim to defend
/// against such a race.
///
/// ```
/// use lighthouse_offer::image::{read_image_file, ImageError, MAX_IMAGE_FILE_BYTES};
///
/// let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
/// let bytes = read_image_file(&base, "logos/40.png", MAX_IMAGE_FILE_BYTES).unwrap();
/// assert!(bytes.starts_with(b"\x89PNG"));
///
/// let error = read_image_file(&base, "../../etc/passwd", MAX_IMAGE_FILE_BYTES).unwrap_err();
/// assert!(matches!(error, ImageError::PathNotAllowed { .. }));
/// ```
///
/// # Errors
/// [`ImageError::PathNotAllowed`], [`ImageError::NotFound`], [`ImageError::NotAFile`],
/// [`ImageError::FileTooLarge`] or [`ImageError::Unreadable`].
pub fn read_image_file(
    base_dir: &Path,
    relative: &str,
    max_bytes: u64,
) -> Result<Vec<u8>, ImageError> {
    let components = checked_components(relative)?;
    let path = || relative.to_owned();
    let unreadable = |error: &io::Error| ImageError::Unreadable {
        path: path(),
        detail: error.to_string(),
    };

    let mut full = base_dir.to_path_buf();
    let mut shown = String::new();
    for (i, name) in components.iter().enumerate() {
        full.push(name);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(name);
        let last = i + 1 == components.len();
        let metadata = match fs::symlink_metadata(&full) {
            Ok(metadata) => metadata,
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(ImageError::NotFound { path: path() });
            }
            Err(error) => return Err(unreadable(&error)),
        };
        let kind = file_kind(metadata.file_type());
        let fine = if last {
            kind == FileKind::File
        } else {
            kind == FileKind::Folder
        };
        if !fine {
            return Err(ImageError::NotAFile {
                path: path(),
                at: if last { path() } else { shown },
                found: kind,
            });
        }
    }

    let file = fs::File::open(&full).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => ImageError::NotFound { path: path() },
        _ => unreadable(&error),
    })?;
    let metadata = file.metadata().map_err(|error| unreadable(&error))?;
    let kind = file_kind(metadata.file_type());
    if kind != FileKind::File {
        return Err(ImageError::NotAFile {
            path: path(),
            at: path(),
            found: kind,
        });
    }
    let too_large = |found_bytes| ImageError::FileTooLarge {
        path: path(),
        max_bytes,
        found_bytes,
    };
    if metadata.len() > max_bytes {
        return Err(too_large(metadata.len()));
    }
    // The metadata's length is a hint: read at most one byte more than allowed, in case the file
    // grew since.
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| unreadable(&error))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > max_bytes {
        return Err(too_large(read));
    }
    Ok(bytes)
}

fn file_kind(file_type: fs::FileType) -> FileKind {
    if file_type.is_symlink() {
        FileKind::SymbolicLink
    } else if file_type.is_dir() {
        FileKind::Folder
    } else if file_type.is_file() {
        FileKind::File
    } else {
        FileKind::Other
    }
}

/// The path's components, or why the path is refused. This is the rule of
/// [`crate::artifacts::ImagePath`] too, so the model and the file step refuse the same paths.
pub(crate) fn checked_components(relative: &str) -> Result<Vec<&str>, ImageError> {
    let refuse = |problem| ImageError::PathNotAllowed {
        path: relative.to_owned(),
        problem,
    };
    if relative.is_empty() {
        return Err(refuse("is empty"));
    }
    if relative.starts_with('/') || Path::new(relative).is_absolute() {
        return Err(refuse("is absolute"));
    }
    if relative.contains('\\') {
        return Err(refuse("contains a backslash"));
    }
    if relative.contains(':') {
        return Err(refuse("contains a colon"));
    }
    if relative.contains('\0') {
        return Err(refuse("contains a NUL character"));
    }
    let components: Vec<&str> = relative.split('/').collect();
    if components.contains(&"..") {
        return Err(refuse("contains a .. component"));
    }
    if components
        .iter()
        .any(|part| part.is_empty() || *part == ".")
    {
        return Err(refuse("has an empty or . component"));
    }
    Ok(components)
}
