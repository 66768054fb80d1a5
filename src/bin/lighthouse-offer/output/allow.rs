//! Allowing warnings: the rules given with `--allow` and in the project file
//! (`lighthouse-offer.toml`), by code or name. An allowed finding is not counted (the exit status
//! ignores it) and not shown, except in SARIF, where it is a result with a suppression, so that
//! code scanning lists it as dismissed. Errors cannot be allowed.
//!
//! Uses `io::project` and `output::located`.

use lighthouse_offer::{Rule, Severity};

use crate::io::project::{FILE_NAME, Project};
use crate::output::located::Located;

/// The rules allowed for one document, each with where it was allowed.
#[derive(Clone, Debug, Default)]
pub struct Allowed {
    rules: Vec<(Rule, String)>,
}

/// The rule a code (`LO0712`, any case) or name (`api-version-old`) stands for, if it may be
/// allowed; else why not.
pub fn allowable(text: &str) -> Result<Rule, String> {
    let wanted = text.trim();
    let rule = Rule::ALL
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(wanted) || r.name().eq_ignore_ascii_case(wanted))
        .ok_or_else(|| match Rule::closest(wanted) {
            Some(near) => format!(
                "no rule is called `{wanted}`; did you mean `{}` ({})?",
                near.name(),
                near.code()
            ),
            None => format!(
                "no rule is called `{wanted}` (`lighthouse-offer explain --list` lists them)"
            ),
        })?;
    if rule.severity() == Severity::Error {
        return Err(format!(
            "`{}` ({}) is an error, and errors cannot be allowed: the offer cannot be published \
             (or deployed) with it; `lighthouse-offer explain {}` says how to fix it",
            rule.name(),
            rule.code(),
            rule.code()
        ));
    }
    Ok(rule)
}

impl Allowed {
    /// The rules of `--allow`; an error names the first that is unknown or an error.
    pub fn from_args(given: &[String]) -> Result<Self, String> {
        let rules = given
            .iter()
            .map(|text| {
                allowable(text)
                    .map(|rule| (rule, "--allow".to_owned()))
                    .map_err(|why| format!("--allow {text}: {why}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Allowed { rules })
    }

    /// These rules and those of a project file.
    pub fn with_project(&self, project: Option<&Project>) -> Result<Self, String> {
        let mut out = self.clone();
        if let Some(project) = project {
            for text in &project.allow {
                let rule = allowable(text).map_err(|why| {
                    format!("`{}`: allow = \"{text}\": {why}", project.path.display())
                })?;
                out.rules
                    .push((rule, format!("{FILE_NAME} ({})", project.path.display())));
            }
        }
        Ok(out)
    }

    /// Where `rule` was allowed, if it was.
    pub fn source(&self, rule: Rule) -> Option<&str> {
        self.rules
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, source)| source.as_str())
    }

    /// Marks the findings of allowed rules (never an error).
    pub fn mark(&self, found: &mut [Located]) {
        for f in found {
            if f.diagnostic.severity() != Severity::Error
                && let Some(source) = self.source(f.diagnostic.rule())
            {
                f.allowed = Some(source.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_allowed_by_code_or_name_and_errors_never() {
        assert_eq!(allowable("lo0902"), Ok(Rule::EditionNotNamed));
        assert_eq!(allowable("edition-not-named"), Ok(Rule::EditionNotNamed));
        let error = allowable("owner-role").unwrap_err();
        assert!(error.contains("errors cannot be allowed"), "{error}");
        let unknown = allowable("edition-not-name").unwrap_err();
        assert!(
            unknown.contains("did you mean `edition-not-named`"),
            "{unknown}"
        );
    }
}
