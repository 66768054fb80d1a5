//! The private audience of a plan: the Azure subscriptions that may see and buy it.
//!
//! A private plan names its customers by Azure subscription ID. Partner Center takes up to 10 IDs
//! typed in, or up to 20,000 from a CSV upload (seed documents, 2020; Microsoft Learn's
//! *Create plans for a Managed Service offer* of 2021 says 10,000, a later edition of the rules).
//! [`PrivateAudience`] holds such a list: at least one ID, at most
//! [`PrivateAudience::MAX_SUBSCRIPTIONS`], each named once. The limit of 10 typed-in IDs belongs
//! to the portal's form, not to the audience.
//!
//! [`PrivateAudience::from_csv`] documents the CSV format and what the crate decided where
//! Microsoft's documentation is silent; [`CsvProblem`] explains why CSV problems are not
//! [`Diagnostic`](crate::Diagnostic)s.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::document::decode::{At, Cx, Decode};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Violation};
use crate::report::rules::Rule;
use crate::values::guid::{SubscriptionId, hyphenated_bytes};

/// The Azure subscriptions that may see and buy a private plan: 1 to
/// [`MAX_SUBSCRIPTIONS`](Self::MAX_SUBSCRIPTIONS) subscription IDs, each named once, kept in
/// the order given (Partner Center; seed documents, 2020).
///
/// Two audiences are equal when they name the same subscriptions, whatever the order.
///
/// In a document it is an array of GUID strings:
/// `["7738d703-3135-4e8d-8b81-1e70379abd9d", …]`. From Partner Center's CSV file, read it with
/// [`PrivateAudience::from_csv`].
///
/// ```
/// use lighthouse_offer::{PrivateAudience, SubscriptionId};
///
/// let a = SubscriptionId::new("7738d703-3135-4e8d-8b81-1e70379abd9d").unwrap();
/// let b = SubscriptionId::new("541a269f-3df2-486e-8fe3-c8f9dcf28205").unwrap();
/// let audience = PrivateAudience::new([a, b]).unwrap();
/// assert_eq!(audience.len(), 2);
/// assert!(audience.contains(&b));
/// assert!(PrivateAudience::new([a, b, a]).is_err());
/// ```
#[derive(Clone)]
pub struct PrivateAudience {
    /// In the order given.
    ids: Vec<SubscriptionId>,
    /// The same IDs, sorted: for `contains`, equality and hashing.
    sorted: Vec<SubscriptionId>,
}

/// A list of subscription IDs that is not a private audience.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AudienceError {
    /// No subscription ID at all.
    #[error("a private audience names at least 1 subscription ID, found none")]
    Empty,
    /// More than [`PrivateAudience::MAX_SUBSCRIPTIONS`] subscription IDs.
    #[error(
        "a private audience names at most {max} subscription IDs, found {found}",
        max = PrivateAudience::MAX_SUBSCRIPTIONS
    )]
    TooMany {
        /// How many IDs were given.
        found: usize,
    },
    /// A subscription ID given twice.
    #[error(
        "subscription ID {id} appears at index {first} and again at index {again}; \
         each subscription may be named once"
    )]
    Duplicate {
        /// The subscription ID.
        id: SubscriptionId,
        /// Where it appears first (0-based).
        first: usize,
        /// Where it appears again (0-based).
        again: usize,
    },
}

impl Violation for AudienceError {
    fn rule(&self) -> Rule {
        match self {
            AudienceError::Empty => Rule::TooFewItems,
            AudienceError::TooMany { .. } => Rule::TooManyItems,
            AudienceError::Duplicate { .. } => Rule::DuplicateItem,
        }
    }
}

impl PrivateAudience {
    /// The most subscription IDs a private audience may name: 20,000, the limit of Partner
    /// Center's CSV upload (seed documents, 2020). The check, the JSON Schema's `maxItems` and
    /// these docs all read this constant.
    pub const MAX_SUBSCRIPTIONS: usize = 20_000;

    /// The largest CSV file, in bytes, that [`PrivateAudience::from_csv`] reads: 16 MiB. A
    /// longer file is refused (`document-too-large`) after reading at most one byte more, so
    /// that a hostile stream cannot use unbounded memory. Partner Center's largest audience
    /// file, 20,000 lines of a subscription ID and a short description, is about 1.5 MB.
    pub const MAX_CSV_BYTES: usize = 16 * 1024 * 1024;

    /// Checks a list of subscription IDs and keeps it in its order.
    ///
    /// # Errors
    /// [`AudienceError::Empty`] for no ID, [`AudienceError::TooMany`] for more than
    /// [`MAX_SUBSCRIPTIONS`](Self::MAX_SUBSCRIPTIONS), and [`AudienceError::Duplicate`] for the
    /// first ID that is given again. To learn every duplicate at once, read the list as a
    /// document value (its `Deserialize` reports them all).
    ///
    /// ```
    /// use lighthouse_offer::{PrivateAudience, SubscriptionId};
    /// use lighthouse_offer::plans::AudienceError;
    ///
    /// let id = SubscriptionId::new("7738d703-3135-4e8d-8b81-1e70379abd9d").unwrap();
    /// assert_eq!(PrivateAudience::new([id]).unwrap().len(), 1);
    /// assert_eq!(PrivateAudience::new([]), Err(AudienceError::Empty));
    /// ```
    pub fn new(ids: impl IntoIterator<Item = SubscriptionId>) -> Result<Self, AudienceError> {
        let ids: Vec<SubscriptionId> = ids.into_iter().collect();
        if ids.is_empty() {
            return Err(AudienceError::Empty);
        }
        if ids.len() > Self::MAX_SUBSCRIPTIONS {
            return Err(AudienceError::TooMany { found: ids.len() });
        }
        let (sorted, repeats) = sort_and_find_repeats(&ids);
        if let Some(&(first, again)) = repeats.first() {
            return Err(AudienceError::Duplicate {
                id: ids[again],
                first,
                again,
            });
        }
        Ok(PrivateAudience { ids, sorted })
    }

    /// Reads Partner Center's private audience CSV file and reports every problem in it, each at
    /// its line.
    ///
    /// # The format
    ///
    /// The file that Partner Center's **Export Audience (csv)** link writes and its
    /// **Import Audience (csv)** link reads. Microsoft documents it by example only (Microsoft
    /// Learn: *Private SKUs and plans*, 2019; *Create plans for a Managed Service offer*, 2021):
    ///
    /// ```text
    /// Type,Id,Description
    /// SubscriptionId,7738d703-3135-4e8d-8b81-1e70379abd9d,Private Customer
    /// ```
    ///
    /// The Cloud Partner Portal API hands out the same file with lowercase names
    /// (`type,id,description` and `subscriptionId`), and some pages spell the type
    /// `SubscriptionID`. Software-as-a-service plans use the type `TenantId` instead; managed
    /// service plans name subscriptions only. What the crate decided where the documentation is
    /// silent:
    ///
    /// - **Header**: the first line that is not blank must be `Type,Id,Description`; names are
    ///   compared without regard to case, and no column may be left out or added. A missing
    ///   header is reported, and the lines are still checked, so one run shows every problem.
    /// - **Type**: `SubscriptionId` in any case. `TenantId` and anything else are reported.
    /// - **Description**: free text, neither checked nor kept (the document format has no place
    ///   for it).
    /// - **Fields** are not trimmed: `" 7738d703-…"` is not a GUID, as in the document.
    /// - **A plain list of IDs**, one a line, is *not* accepted: Partner Center's import expects
    ///   the three columns, and a check that passed a file the portal rejects would mislead.
    ///   Such a file gets one header problem (not one per line), and its IDs are still checked.
    /// - **Encoding**: UTF-8, with or without the byte order mark that Excel writes. A UTF-16
    ///   file (Excel's "Unicode text") is reported at once. Descriptions may be in any encoding,
    ///   as they are not read.
    /// - **Separator**: commas only. A first line separated by `;` or tabs, as Excel writes where
    ///   the decimal separator is a comma, is reported at once.
    /// - **Lines** end in `\n`, `\r\n` or `\r`. Quoted fields (`"Contoso, Inc."`) may hold
    ///   commas, quotes (`""`) and line breaks. Blank lines, including the `,,` rows that Excel
    ///   leaves, are skipped anywhere.
    /// - **Duplicates** are reported at each line that repeats an ID, naming the line where it
    ///   appeared first; IDs that differ only in case are the same ID.
    /// - **Count**: at least 1 ID; more than [`MAX_SUBSCRIPTIONS`](Self::MAX_SUBSCRIPTIONS) is
    ///   reported once, at the first line over the limit.
    ///
    /// - **Size**: at most [`MAX_CSV_BYTES`](Self::MAX_CSV_BYTES); a larger file is reported
    ///   at once, after reading one byte more than the limit.
    ///
    /// A file without quotes (Partner Center's own export has none) is split by a plain scan
    /// that allocates nothing per line beyond the ID it keeps; a file with quoted fields is read
    /// with the `csv` crate. Both read the same records and report the same lines.
    ///
    /// # Errors
    /// A [`CsvReport`] with every problem found, each at its line: a missing or wrong header, a
    /// line with a wrong number of fields, an unsupported `Type`, an ID that is not a GUID, an ID
    /// named again, no ID at all, or too many. A file that is UTF-16, separated by `;` or tabs,
    /// or that cannot be read is reported with that one problem.
    ///
    /// ```
    /// use lighthouse_offer::PrivateAudience;
    ///
    /// let csv = "Type,Id,Description\r\n\
    ///            SubscriptionId,7738d703-3135-4e8d-8b81-1e70379abd9d,Private Customer\r\n";
    /// assert_eq!(PrivateAudience::from_csv(csv.as_bytes()).unwrap().len(), 1);
    ///
    /// let bad = "Type,Id,Description\nSubscriptionId,7738d703,Private Customer\n";
    /// let report = PrivateAudience::from_csv(bad.as_bytes()).unwrap_err();
    /// assert_eq!(report.problems()[0].line(), Some(2));
    /// ```
    pub fn from_csv(reader: impl Read) -> Result<Self, CsvReport> {
        read_csv(reader)
    }

    /// The subscription IDs, in the order given.
    pub fn iter(&self) -> std::slice::Iter<'_, SubscriptionId> {
        self.ids.iter()
    }

    /// The subscription IDs, in the order given.
    #[must_use]
    pub fn as_slice(&self) -> &[SubscriptionId] {
        &self.ids
    }

    /// How many subscriptions the audience names: at least 1.
    #[must_use]
    #[allow(clippy::len_without_is_empty)] // never empty: that is the point of the type
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the audience names this subscription.
    #[must_use]
    pub fn contains(&self, id: &SubscriptionId) -> bool {
        self.sorted.binary_search(id).is_ok()
    }
}

/// Sorts the IDs; also finds each ID given again, as (first index, later index) in the order of
/// the later index. The IDs alone are sorted first, which is all a list without repeats needs;
/// when two are equal, (value, index) pairs are sorted, which puts equal IDs next to each other in
/// their given order, so the first of a run is where the ID appeared first.
fn sort_and_find_repeats(ids: &[SubscriptionId]) -> (Vec<SubscriptionId>, Vec<(usize, usize)>) {
    let mut values: Vec<u128> = ids.iter().map(|id| id.as_uuid().as_u128()).collect();
    values.sort_unstable();
    let sorted = values
        .iter()
        .map(|&v| SubscriptionId::from_u128(v))
        .collect();
    if values.windows(2).all(|pair| pair[0] != pair[1]) {
        return (sorted, Vec::new());
    }
    let mut keyed: Vec<(u128, usize)> = ids
        .iter()
        .enumerate()
        .map(|(index, id)| (id.as_uuid().as_u128(), index))
        .collect();
    keyed.sort_unstable();
    let mut repeats = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        repeats.extend(run[1..].iter().map(|&(_, again)| (run[0].1, again)));
    }
    repeats.sort_unstable_by_key(|&(_, again)| again);
    (sorted, repeats)
}

impl<'a> IntoIterator for &'a PrivateAudience {
    type Item = &'a SubscriptionId;
    type IntoIter = std::slice::Iter<'a, SubscriptionId>;

    fn into_iter(self) -> Self::IntoIter {
        self.ids.iter()
    }
}

impl PartialEq for PrivateAudience {
    fn eq(&self, other: &Self) -> bool {
        self.sorted == other.sorted
    }
}

impl Eq for PrivateAudience {}

impl std::hash::Hash for PrivateAudience {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.sorted.hash(state);
    }
}

impl fmt::Debug for PrivateAudience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PrivateAudience").field(&self.ids).finish()
    }
}

impl Serialize for PrivateAudience {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.ids)
    }
}

crate::document::decode::deserialize_via_decode!(PrivateAudience);

impl JsonSchema for PrivateAudience {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PrivateAudience".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let items = generator.subschema_for::<SubscriptionId>();
        let description = format!(
            "The Azure subscriptions that may see and buy a private plan: 1 to {} subscription \
             IDs, each named once (Partner Center). IDs that differ only in case are the same ID.",
            Self::MAX_SUBSCRIPTIONS
        );
        schemars::json_schema!({
            "type": "array",
            "description": description,
            "items": items,
            "minItems": 1,
            "maxItems": Self::MAX_SUBSCRIPTIONS,
            "uniqueItems": true,
        })
    }
}

impl Decode for PrivateAudience {
    /// Reports every problem: each ID that is not a GUID and each ID given again at its index,
    /// and the count at the array.
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let items = cx.array(value, at)?;
        let mut complete = true;
        if items.is_empty() {
            cx.report(AudienceError::Empty.at(at.pointer()));
            complete = false;
        }
        if items.len() > Self::MAX_SUBSCRIPTIONS {
            let error = AudienceError::TooMany { found: items.len() };
            cx.report(error.at(at.pointer()));
            complete = false;
        }
        let mut ids = Vec::with_capacity(items.len());
        let mut indexes = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(id) = SubscriptionId::decode(item, at.index(index), cx) {
                ids.push(id);
                indexes.push(index);
            } else {
                complete = false;
            }
        }
        let (sorted, repeats) = sort_and_find_repeats(&ids);
        for (first, again) in repeats {
            cx.error(
                Rule::DuplicateItem,
                at.index(indexes[again]),
                format!(
                    "subscription ID {} appears already at index {}",
                    ids[again], indexes[first]
                ),
            );
            complete = false;
        }
        complete.then_some(PrivateAudience { ids, sorted })
    }
}

// ---- Problems in a CSV file ----

/// One problem in a private audience CSV file: a [`Diagnostic`] of the [`Rule`] that was broken,
/// at a line.
///
/// A CSV file is not a JSON document, so the diagnostic's place, a JSON Pointer, cannot say where
/// the problem is: it is the root (`""`). A row index would not say it either, as blank lines and
/// quoted line breaks make it differ from what an editor shows. A `CsvProblem` has, as its place,
/// the 1-based line number that an editor shows (the line where the record starts), or nothing
/// for a problem of the whole file.
///
/// Displayed like a diagnostic with the line instead of the path:
/// `error[LO0105] line 7: expected a GUID …`, or `error[LO0005] (file): …`. Serialized, it is
/// an object with the fields `severity`, `code`, `name`, `line` (`null` for the whole file) and
/// `message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CsvProblem {
    line: Option<u64>,
    diagnostic: Diagnostic,
}

impl CsvProblem {
    fn new(line: Option<u64>, rule: Rule, message: impl Into<String>) -> Self {
        CsvProblem {
            line,
            diagnostic: Diagnostic::new(rule, JsonPointer::root(), message),
        }
    }

    /// The 1-based line where the problem is, as an editor counts lines; `None` when it is a
    /// problem of the whole file (no subscription ID at all, a file that cannot be read).
    #[must_use]
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The problem as a diagnostic: the rule that was broken (its code, name and severity) and
    /// what was found and what is expected. Its path is the root: the line says where.
    #[must_use]
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diagnostic;
        write!(f, "{}[{}] ", d.severity(), d.code())?;
        match self.line {
            Some(line) => write!(f, "line {line}: {}", d.message()),
            None => write!(f, "(file): {}", d.message()),
        }
    }
}

impl Serialize for CsvProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let d = &self.diagnostic;
        let mut s = serializer.serialize_struct("CsvProblem", 5)?;
        s.serialize_field("severity", &d.severity())?;
        s.serialize_field("code", d.code())?;
        s.serialize_field("name", d.name())?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("message", d.message())?;
        s.end()
    }
}

/// Every problem found in a private audience CSV file, ordered by line (problems of the whole
/// file last). The error of [`PrivateAudience::from_csv`]; never empty.
///
/// A report lists at most [`Report::MAX_DIAGNOSTICS`](crate::Report::MAX_DIAGNOSTICS) problems
/// of single lines, then the count of subscriptions when it is over the limit, and last, when
/// lines had more problems, one [`Rule::TooManyProblems`] that counts those left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvReport {
    problems: Vec<CsvProblem>,
}

impl CsvReport {
    fn new(mut problems: Vec<CsvProblem>) -> Self {
        // Stable: problems of one line stay in the order they were found.
        problems.sort_by_key(|p| p.line.unwrap_or(u64::MAX));
        CsvReport { problems }
    }

    /// The problems, ordered by line.
    #[must_use]
    pub fn problems(&self) -> &[CsvProblem] {
        &self.problems
    }

    /// Whether any problem breaks this rule.
    #[must_use]
    pub fn contains(&self, rule: Rule) -> bool {
        self.problems.iter().any(|p| p.diagnostic.rule() == rule)
    }

    /// The problems, owned.
    #[must_use]
    pub fn into_problems(self) -> Vec<CsvProblem> {
        self.problems
    }
}

impl fmt::Display for CsvReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{n} error{} in the private audience CSV",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CsvReport {}

// ---- The CSV reader ----

/// The header that Partner Center's Export Audience (csv) writes, in the order of the columns.
const HEADER: [&str; 3] = ["Type", "Id", "Description"];

/// The one accepted `Type`.
const SUBSCRIPTION_TYPE: &str = "SubscriptionId";

/// Where the ID is on a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `Type,Id,Description`.
    PartnerCenter,
    /// One ID a line, without a type: not Partner Center's format (already reported once), read
    /// on to check the IDs.
    Bare,
}

impl Layout {
    fn width(self) -> usize {
        match self {
            Layout::PartnerCenter => HEADER.len(),
            Layout::Bare => 1,
        }
    }

    fn id_column(self) -> usize {
        match self {
            Layout::PartnerCenter => 1,
            Layout::Bare => 0,
        }
    }
}

/// A field for a message: lossily decoded, at most 60 characters.
fn shown(field: &[u8]) -> String {
    String::from_utf8_lossy(field).chars().take(60).collect()
}

/// A record: its fields, as the csv reader or the plain splitter found them.
type Fields<'r> = [&'r [u8]];

fn is_blank(record: &Fields<'_>) -> bool {
    record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
}

fn is_header(record: &Fields<'_>) -> bool {
    record.len() == HEADER.len()
        && record
            .iter()
            .zip(HEADER)
            .all(|(field, name)| field.eq_ignore_ascii_case(name.as_bytes()))
}

fn has_guid(record: &Fields<'_>) -> bool {
    record
        .iter()
        .any(|field| std::str::from_utf8(field).is_ok_and(|t| SubscriptionId::new(t).is_ok()))
}

/// What the reader found so far.
#[derive(Default)]
struct Found {
    problems: Vec<CsvProblem>,
    /// The valid IDs, and the line of each.
    ids: Vec<SubscriptionId>,
    lines: Vec<u64>,
    /// Lines that name an ID, valid or not.
    rows: usize,
    /// The line of the first row over the limit.
    first_over_limit: Option<u64>,
    /// Problems of lines found beyond [`Report::MAX_DIAGNOSTICS`](crate::Report::MAX_DIAGNOSTICS),
    /// only counted.
    omitted: usize,
}

impl Found {
    /// A reader of a file of `bytes` bytes, with room for as many IDs as Partner Center's lines
    /// of that length hold (`SubscriptionId,<36 characters>,` and a description), up to the limit.
    fn with_capacity_for(bytes: usize) -> Self {
        const SHORTEST_LINE: usize = "SubscriptionId,,\n".len() + 36;
        let rows = (bytes / SHORTEST_LINE).min(PrivateAudience::MAX_SUBSCRIPTIONS + 1);
        Found {
            ids: Vec::with_capacity(rows),
            lines: Vec::with_capacity(rows),
            ..Found::default()
        }
    }

    /// A problem of a line: kept while the report has room, else counted.
    fn problem(&mut self, line: u64, rule: Rule, message: impl Into<String>) {
        if self.problems.len() < crate::Report::MAX_DIAGNOSTICS {
            self.problems
                .push(CsvProblem::new(Some(line), rule, message));
        } else {
            self.omitted += 1;
        }
    }

    /// Checks one line of data.
    fn row(&mut self, layout: Layout, record: &Fields<'_>, line: u64) {
        self.rows += 1;
        if self.rows == PrivateAudience::MAX_SUBSCRIPTIONS + 1 {
            self.first_over_limit = Some(line);
        }
        if record.len() != layout.width() {
            let hint = if record.len() > layout.width() && layout == Layout::PartnerCenter {
                "; put a description that contains commas in double quotes"
            } else {
                ""
            };
            self.problem(
                line,
                Rule::InvalidCsvLine,
                format!(
                    "expected {} field{} ({}), found {}{hint}",
                    layout.width(),
                    if layout.width() == 1 { "" } else { "s" },
                    match layout {
                        Layout::PartnerCenter => "Type,Id,Description",
                        Layout::Bare => "the ID",
                    },
                    record.len()
                ),
            );
        }
        if layout == Layout::PartnerCenter {
            self.audience_type(record.first().copied().unwrap_or_default(), line);
        }
        if let Some(&field) = record.get(layout.id_column()) {
            // The bytes of a valid ID are read as they are; any other field as text, for the
            // message (and the nil GUID, which the constructor refuses with its own).
            if let Some(id) = hyphenated_bytes(field).filter(|id| !id.is_nil()) {
                self.ids.push(SubscriptionId::from_u128(id.as_u128()));
                self.lines.push(line);
                return;
            }
            let checked = match std::str::from_utf8(field) {
                Ok(text) => SubscriptionId::new(text),
                Err(_) => SubscriptionId::new(&String::from_utf8_lossy(field)),
            };
            match checked {
                Ok(id) => {
                    self.ids.push(id);
                    self.lines.push(line);
                }
                Err(error) => self.problem(line, error.rule(), error.to_string()),
            }
        }
    }

    fn audience_type(&mut self, field: &[u8], line: u64) {
        if field.eq_ignore_ascii_case(SUBSCRIPTION_TYPE.as_bytes()) {
            return;
        }
        let message = if field.is_empty() {
            format!("missing audience type; expected `{SUBSCRIPTION_TYPE}`")
        } else if field.eq_ignore_ascii_case(b"TenantId") {
            format!(
                "audience type {:?} names a tenant, but the private audience of a managed service \
                 plan names subscriptions; expected `{SUBSCRIPTION_TYPE}`",
                shown(field)
            )
        } else {
            format!(
                "unknown audience type {:?}; expected `{SUBSCRIPTION_TYPE}`",
                shown(field)
            )
        };
        self.problem(line, Rule::UnsupportedAudienceType, message);
    }

    /// Checks the first line that is not blank: the header, or something else. Returns the
    /// layout to read the other lines with, or `None` when the file cannot be read on.
    fn first(&mut self, record: &Fields<'_>, line: u64) -> Option<Layout> {
        if is_header(record) {
            return Some(Layout::PartnerCenter);
        }
        let expected = HEADER.join(",");
        if record.len() == 1 {
            let field = record.first().copied().unwrap_or_default();
            for (separator, name) in [(b';', "`;`"), (b'\t', "tabs")] {
                if field.contains(&separator) {
                    self.problem(
                        line,
                        Rule::InvalidCsvHeader,
                        format!(
                            "the first line is separated by {name}, but Partner Center reads \
                             comma-separated values; save the file with `,` as the separator"
                        ),
                    );
                    return None;
                }
            }
        }
        let data = has_guid(record);
        let found = if data {
            "a line of data".to_owned()
        } else {
            let joined: Vec<String> = record.iter().map(|field| shown(field)).collect();
            format!("{:?}", shown(joined.join(",").as_bytes()))
        };
        let layout = if record.len() == 1 {
            Layout::Bare
        } else {
            Layout::PartnerCenter
        };
        let hint = if layout == Layout::Bare {
            format!(
                "; a list of bare subscription IDs is not the format Partner Center imports: \
                 write each line as `{SUBSCRIPTION_TYPE},<id>,<description>`"
            )
        } else {
            String::new()
        };
        self.problem(
            line,
            Rule::InvalidCsvHeader,
            format!("expected the header `{expected}` on the first line, found {found}{hint}"),
        );
        if data {
            self.row(layout, record, line);
        }
        Some(layout)
    }

    fn finish(mut self) -> Result<PrivateAudience, CsvReport> {
        let (sorted, repeats) = sort_and_find_repeats(&self.ids);
        for (first, again) in repeats {
            let message = format!(
                "subscription ID {} appears already on line {}",
                self.ids[again], self.lines[first]
            );
            self.problem(self.lines[again], Rule::DuplicateItem, message);
        }
        if self.rows == 0 {
            let error = AudienceError::Empty;
            self.problems
                .push(CsvProblem::new(None, error.rule(), error.to_string()));
        }
        if let Some(line) = self.first_over_limit {
            let error = AudienceError::TooMany { found: self.rows };
            self.problems.push(CsvProblem::new(
                Some(line),
                error.rule(),
                format!("{error}; this line is the first over the limit"),
            ));
        }
        if self.omitted > 0 {
            self.problems.push(CsvProblem::new(
                None,
                Rule::TooManyProblems,
                crate::document::decode::omitted_message(self.omitted),
            ));
        }
        if self.problems.is_empty() {
            Ok(PrivateAudience {
                ids: self.ids,
                sorted,
            })
        } else {
            Err(CsvReport::new(self.problems))
        }
    }
}

/// Hands the bytes on to the csv reader and notes where each line break is.
///
/// The csv crate's `Position::line` is where the reader *was* before a record: it counts the
/// blank lines skipped before the record as well as the `\n` of the previous line's `\r\n`
/// only later, so it is off by one or more with Windows line endings and blank lines. The exact
/// line of a record is counted here instead, from its byte offset. Only the breaks that the csv
/// reader buffered but that no record has passed yet are kept: a few kilobytes at most.
struct LineBreaks<R> {
    inner: R,
    /// Bytes handed on so far.
    offset: u64,
    /// The offsets of `\r` and `\n` bytes not counted yet, and which one each is.
    breaks: VecDeque<(u64, u8)>,
    /// The line that the counted bytes end on (1-based).
    line: u64,
    /// The offset of the last `\r` counted, so that its `\n` does not count again.
    last_cr: Option<u64>,
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Jumps from break to break: in a debug build, three times as fast as a loop over
        // every byte with an index.
        let mut rest = &buf[..n];
        let mut at = self.offset;
        while let Some(i) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.breaks.push_back((at + i as u64, rest[i]));
            at += i as u64 + 1;
            rest = &rest[i + 1..];
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineBreaks<R> {
    fn new(inner: R) -> Self {
        LineBreaks {
            inner,
            offset: 0,
            breaks: VecDeque::new(),
            line: 1,
            last_cr: None,
        }
    }

    /// The line of the record that the csv reader began to read at byte `from`: past the line
    /// breaks before it and the empty lines (`\r` and `\n` bytes) that the csv reader skips at
    /// its start. Records must be asked for in order.
    fn line_of_record_read_from(&mut self, from: u64) -> u64 {
        let mut start = from;
        while let Some(&(at, byte)) = self.breaks.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            self.breaks.pop_front();
            // `\r\n` is one line break, counted at the `\r`; a lone `\r` is a line break too,
            // as the csv reader takes it.
            if byte == b'\r' {
                self.line += 1;
                self.last_cr = Some(at);
            } else if self.last_cr.is_none_or(|cr| cr + 1 != at) {
                self.line += 1;
            }
        }
        self.line
    }
}

fn unreadable(error: &dyn fmt::Display) -> CsvReport {
    CsvReport::new(vec![CsvProblem::new(
        None,
        Rule::InvalidCsvLine,
        format!("the file could not be read: {error}"),
    )])
}

fn read_csv(reader: impl Read) -> Result<PrivateAudience, CsvReport> {
    let max = PrivateAudience::MAX_CSV_BYTES;
    let mut bytes = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() > max {
        return Err(CsvReport::new(vec![CsvProblem::new(
            None,
            Rule::DocumentTooLarge,
            format!(
                "the file has more than {max} bytes ({} MiB), the most this crate reads; Partner \
                 Center's largest audience file is about 1.5 MB",
                max / (1024 * 1024)
            ),
        )]));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CsvReport::new(vec![CsvProblem::new(
            Some(1),
            Rule::InvalidCsvHeader,
            "the file is UTF-16 encoded, but Partner Center reads UTF-8; \
             save it as \"CSV UTF-8 (Comma delimited)\"",
        )]));
    }
    // Excel writes a UTF-8 byte order mark; the csv crate would keep it in the first field.
    // A file saved again by a tool that adds its own has two: each is left out, as the csv
    // crate leaves out one more, so that both readers see the same text.
    let mut text: &[u8] = &bytes;
    while let Some(rest) = text.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        text = rest;
    }
    // The plain scan, unless a field is quoted: then the csv crate reads the whole file.
    read_plain(text).unwrap_or_else(|| read_quoted(text))
}

/// What to do with each record that is not blank, in order.
struct Records {
    found: Found,
    layout: Option<Layout>,
}

impl Records {
    /// Checks one record; `false` when the file cannot be read on.
    fn record(&mut self, fields: &Fields<'_>, line: u64) -> bool {
        if is_blank(fields) {
            return true;
        }
        match self.layout {
            Some(layout) => self.found.row(layout, fields, line),
            None => match self.found.first(fields, line) {
                Some(first) => self.layout = Some(first),
                None => return false,
            },
        }
        true
    }

    fn finish(mut self) -> Result<PrivateAudience, CsvReport> {
        if self.layout.is_none() {
            self.found.problems.push(CsvProblem::new(
                None,
                Rule::InvalidCsvHeader,
                format!(
                    "the file is empty; expected the header `{}` on the first line",
                    HEADER.join(",")
                ),
            ));
        }
        self.found.finish()
    }
}

/// Reads a file that has quoted fields with the csv crate, which knows every rule of quoting.
fn read_quoted(text: &[u8]) -> Result<PrivateAudience, CsvReport> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(LineBreaks::new(text));
    let mut records = Records {
        found: Found::default(),
        layout: None,
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unreadable(&e)),
        }
        let fields: Vec<&[u8]> = record.iter().collect();
        if is_blank(&fields) {
            continue;
        }
        let from = record.position().map_or(0, csv::Position::byte);
        let line = csv.get_mut().line_of_record_read_from(from);
        if !records.record(&fields, line) {
            return Err(CsvReport::new(records.found.problems));
        }
    }
    records.finish()
}

/// Reads a file without a `"` byte: no field is quoted, so records are lines and fields are
/// separated by commas, which one scan of the text finds (see [`Separators`]) several times as
/// fast as the csv crate's reader. It reads records exactly as [`read_quoted`] does (a test
/// compares the two): a line ends at `\n`, `\r\n` or `\r`, empty lines are skipped, and a
/// line's number counts `\r\n` as one line break.
///
/// `None` when the text has a `"`: the file is then read by [`read_quoted`] instead, from its
/// start, so that the scan and the check of the text for quotes are one pass.
fn read_plain(text: &[u8]) -> Option<Result<PrivateAudience, CsvReport>> {
    let mut records = Records {
        found: Found::with_capacity_for(text.len()),
        layout: None,
    };
    let mut fields: Vec<&[u8]> = Vec::with_capacity(HEADER.len());
    let mut line = 1;
    // Where the current line and the current field begin, and the last `\r` seen.
    let mut line_start = 0;
    let mut field_start = 0;
    let mut last_cr = None;
    for at in Separators::new(text) {
        match text[at] {
            b',' => {
                fields.push(&text[field_start..at]);
                field_start = at + 1;
            }
            b'"' => return None,
            // The `\n` of `\r\n`: the line was ended by the `\r`.
            b'\n' if last_cr.is_some_and(|cr| cr + 1 == at) => {
                line_start = at + 1;
                field_start = at + 1;
            }
            byte => {
                if at > line_start {
                    fields.push(&text[field_start..at]);
                    if !records.record(&fields, line) {
                        return Some(stopped(text, &text[at..], records));
                    }
                }
                fields.clear();
                if byte == b'\r' {
                    last_cr = Some(at);
                }
                line += 1;
                line_start = at + 1;
                field_start = at + 1;
            }
        }
    }
    if line_start < text.len() {
        fields.push(&text[field_start..]);
        if !records.record(&fields, line) {
            return Some(stopped(text, &[], records));
        }
    }
    Some(records.finish())
}

/// The report of a file whose first line stops the reader (`;` or tabs for commas), read by
/// [`read_plain`] up to `rest`: the csv crate reads the file when a quote follows, as it would
/// have from the start.
fn stopped(text: &[u8], rest: &[u8], records: Records) -> Result<PrivateAudience, CsvReport> {
    if rest.contains(&b'"') {
        read_quoted(text)
    } else {
        Err(CsvReport::new(records.found.problems))
    }
}

/// The positions of the bytes [`read_plain`] stops at (`,`, `\r`, `\n` and `"`), in order.
///
/// The text is looked at 32 bytes at a time: a loop without branches over a block, which the
/// compiler turns into vector compares, gives a mask of the block's stops, one bit a byte, and
/// the stops are then taken from the mask bit by bit.
struct Separators<'t> {
    text: &'t [u8],
    /// Where the next block begins.
    next: usize,
    /// Where the current block begins, and its stops not handed out yet.
    block: usize,
    mask: u32,
}

impl<'t> Separators<'t> {
    const BLOCK: usize = 32;

    fn new(text: &'t [u8]) -> Self {
        Separators {
            text,
            next: 0,
            block: 0,
            mask: 0,
        }
    }

    /// The stops of up to 32 bytes, as a mask.
    fn mask(bytes: &[u8]) -> u32 {
        // `|` of numbers, not `||`: no branch, so that the compiler compares 16 bytes at a time.
        let stop = |b: u8| {
            u8::from(b == b',') | u8::from(b == b'\n') | u8::from(b == b'\r') | u8::from(b == b'"')
        };
        let mut hits = [0_u8; Separators::BLOCK];
        for (hit, &b) in hits.iter_mut().zip(bytes) {
            *hit = stop(b);
        }
        // Eight hits of 0 or 1 to eight bits: the multiplication moves hit `k` to bit `56 + k`,
        // without carries (a classic trick of bit packing).
        let mut mask = 0;
        for (i, eight) in hits.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            mask |= ((word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32) << (8 * i);
        }
        mask
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            if self.next >= self.text.len() {
                return None;
            }
            self.block = self.next;
            self.next = (self.block + Self::BLOCK).min(self.text.len());
            self.mask = Self::mask(&self.text[self.block..self.next]);
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.block + bit)
    }
}
