//! Leaked secrets and personal data in changed public content: API keys and
//! tokens, private keys (errors), e-mail addresses, phone numbers and card
//! numbers (warnings). Precision matters more than recall here: a reviewer
//! who learns to ignore false alarms misses the real one.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Secret,
    Personal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// What was found ("AWS access key", "e-mail address", …).
    pub what: &'static str,
    /// 1-based column (in characters) in the line.
    pub column: usize,
    pub matched: String,
}

struct Rule {
    what: &'static str,
    kind: Kind,
    regex: Regex,
    check: fn(&str) -> bool,
}

fn any(_: &str) -> bool {
    true
}

fn rule(what: &'static str, kind: Kind, pattern: &str, check: fn(&str) -> bool) -> Option<Rule> {
    Regex::new(pattern).ok().map(|regex| Rule {
        what,
        kind,
        regex,
        check,
    })
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        rule("private key", Kind::Secret, r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----", any),
        rule("AWS access key", Kind::Secret, r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", any),
        rule("GitHub token", Kind::Secret, r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b", any),
        rule("Slack token", Kind::Secret, r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b", any),
        rule("Stripe key", Kind::Secret, r"\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b", any),
        rule(
            "secret value",
            Kind::Secret,
            r#"(?i)\b(?:api[_-]?key|secret|token|password|passwd|access[_-]?key)\s*[:=]\s*["']?([A-Za-z0-9+/_\-]{20,})"#,
            high_entropy_assignment,
        ),
        rule("e-mail address", Kind::Personal, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", not_example_email),
        rule("card number", Kind::Personal, r"\b(?:\d[ -]?){12,18}\d\b", luhn_card),
        rule("phone number", Kind::Personal, r"(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\+\d{1,3}(?:[ .-]?\d{2,4}){3,4}\b", phone),
    ]
    .into_iter()
    .flatten()
    .collect()
});

fn not_example_email(text: &str) -> bool {
    let domain = text.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
    !(domain == "example.com"
        || domain == "example.org"
        || domain == "example.net"
        || domain.ends_with(".example")
        || domain.ends_with(".test")
        || domain.ends_with(".invalid"))
}

/// Shannon entropy in bits per character.
fn entropy(text: &str) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let len = text.chars().count() as f64;
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / len;
            -p * p.log2()
        })
        .sum()
}

fn high_entropy_assignment(text: &str) -> bool {
    let value = text
        .rsplit(['=', ':'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\'']);
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    value.len() >= 20 && has_digit && has_letter && entropy(value) >= 3.5
}

/// Card numbers: 13–19 digits passing the Luhn check, not all one digit.
fn luhn_card(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) || digits.iter().all(|d| Some(d) == digits.first()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Phone numbers: 10–15 digits, not a date or a version.
fn phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (10..=15).contains(&digits) && !text.contains("..")
}

/// Findings in one line. `allowed` strings (from site.toml's allow-list) are skipped.
pub fn scan_line(line: &str, allowed: &[String]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for rule in RULES.iter() {
        for m in rule.regex.find_iter(line) {
            let text = m.as_str();
            if !(rule.check)(text) || allowed.iter().any(|a| text.contains(a.as_str())) {
                continue;
            }
            // one finding per stretch of text: a key inside a card-like run is reported once
            if taken.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                continue;
            }
            taken.push(m.range());
            findings.push(Finding {
                kind: rule.kind,
                what: rule.what,
                column: line.get(..m.start()).map_or(0, |s| s.chars().count()) + 1,
                matched: text.to_string(),
            });
        }
    }
    findings
}

/// The finding with its middle masked, so the report does not repeat the leak.
pub fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(4).collect();
    let tail: String = chars.iter().skip(chars.len() - 2).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSITIVE: &[(&str, &str)] = &[
        ("-----BEGIN RSA PRIVATE KEY-----", "private key"),
        ("-----BEGIN PRIVATE KEY-----", "private key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
        ("aws key AKIAIOSFODNN7EXAMPLE here", "AWS access key"),
        ("ASIAY34FZKBOKMUTVV7A", "AWS access key"),
        (
            "token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
            "GitHub token",
        ),
        ("gho_abcdefghijklmnopqrstuvwxyz0123456789AB", "GitHub token"),
        ("slack xoxb-1234567890-abcdefghijkl", "Slack token"),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe key"),
        (
            "api_key = \"a8f5f167f44f4964e6c998dee827110c\"",
            "secret value",
        ),
        ("SECRET: Zx9vK2mQ7pL4sT8wR1nY6bH3", "secret value"),
        ("password=q8Zr4LmN2vXw9TbK5sYd", "secret value"),
        ("mail me at jane.doe@gmail.com", "e-mail address"),
        ("ops+alerts@acme-corp.co.uk", "e-mail address"),
        ("card 4111 1111 1111 1111 expires", "card number"),
        ("5500-0000-0000-0004", "card number"),
        ("378282246310005", "card number"),
        ("call (555) 123-4567 today", "phone number"),
        ("+44 20 7946 0958", "phone number"),
        ("+1 415 555 2671", "phone number"),
    ];

    const NEGATIVE: &[&str] = &[
        "version 1.2.3.4567",
        "release 2026.11.25",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "contact support@example.com",
        "user@host.test",
        "an order id 1234567812345678 that fails Luhn",
        "0000 0000 0000 0000",
        "ISBN 978-3-16-148410-0",
        "date 2026-11-25 and time 12:30:45",
        "api_key = YOUR_API_KEY_HERE_PLEASE",
        "token: <your token>",
        "password = correcthorsebatterystaple",
        "price 1,299.00 USD",
        "port 127.0.0.1:8080",
        "AKIA short",
        "ghp_short",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "hash sha256:e3b0c44298fc1c149afbf4c8996fb924",
        "call extension 1234",
    ];

    #[test]
    fn positives_are_found() {
        for (line, what) in POSITIVE {
            let found = scan_line(line, &[]);
            assert!(
                found.iter().any(|f| f.what == *what),
                "{line:?}: expected {what}, got {found:?}"
            );
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        for line in NEGATIVE {
            let found = scan_line(line, &[]);
            assert!(found.is_empty(), "{line:?}: {found:?}");
        }
    }

    #[test]
    fn allow_list_silences_a_known_value() {
        assert!(scan_line("write to press@acme.io", &["press@acme.io".into()]).is_empty());
    }

    #[test]
    fn masking() {
        assert_eq!(masked("AKIAIOSFODNN7EXAMPLE"), "AKIA…LE");
        assert_eq!(masked("short"), "*****");
    }
}
