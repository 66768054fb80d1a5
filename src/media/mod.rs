//! Layer 3, **media**: checks of content formats that know nothing of offers.
//!
//! The listing description's basic HTML ([`html`]) and PNG files ([`image`]): pure functions over
//! text and bytes, plus the one function that reads an image file when asked. Uses `report`.

pub mod html;
pub mod image;
