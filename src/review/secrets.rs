//! Leaked secrets and personal data in changed public content: API keys and
//! tokens, private keys (errors), e-mail addresses, phone numbers and card
//! numbers (warnings). Precision matters more than recall here: a reviewer
//! who learns to ignore false alarms misses the real one.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Secret,
    Personal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
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
        rule("private key", Kind::Secret, r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----", any),
        rule("AWS access key", Kind::Secret, r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", any),
        rule(
            "AWS secret access key",
            Kind::Secret,
            r#"(?i)\baws_?secret_?access_?key["']?\s*(?:[:=]|=>)\s*["']?[A-Za-z0-9/+=]{40}"#,
            any,
        ),
        rule("GitHub token", Kind::Secret, r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b", any),
        rule("Slack token", Kind::Secret, r"\bxox[abposre]-[A-Za-z0-9-]{10,}\b", any),
        rule("Slack webhook", Kind::Secret, r"https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]{16,}", any),
        rule("Stripe key", Kind::Secret, r"\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b|\bwhsec_[A-Za-z0-9]{24,}\b", any),
        rule("Google API key", Kind::Secret, r"\bAIza[0-9A-Za-z_-]{35}", any),
        rule("Google OAuth client secret", Kind::Secret, r"\bGOCSPX-[A-Za-z0-9_-]{28}\b", any),
        rule("npm token", Kind::Secret, r"\bnpm_[A-Za-z0-9]{36}\b", any),
        rule("JSON Web Token", Kind::Secret, r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", any),
        rule(
            "password in a URL",
            Kind::Secret,
            r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]{8,}@[A-Za-z0-9.-]+",
            url_password,
        ),
        rule(
            "secret value",
            Kind::Secret,
            r#"(?i)\b[A-Za-z0-9_.-]*(?:key|secret|token|passw(?:or)?d|pwd|credential)s?["']?\s*(?:[:=]|=>)\s*["']?[A-Za-z0-9+/_\-=.~]{16,}"#,
            high_entropy_assignment,
        ),
        rule("e-mail address", Kind::Personal, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", not_example_email),
        rule("card number", Kind::Personal, r"\b(?:\d[ -]?){12,18}\d\b", luhn_card),
        rule("phone number", Kind::Personal, r"(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\+\d{1,3}(?:[ .-]?\d{2,4}){3,4}\b", phone),
        // national numbers with a trunk 0, as the UK writes them: 020 7946 0958, (01632) 960 001, 07700 900123
        rule("phone number", Kind::Personal, r"(?:\(0\d{2,4}\)|\b0\d{2,4})[ -]\d{3,4}(?:[ -]?\d{3,4})?\b", national_phone),
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// RFC 2606 / RFC 6761 names reserved for documentation and tests.
fn is_reserved_domain(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        || [".example", ".test", ".invalid", ".localhost"]
            .iter()
            .any(|tld| domain.ends_with(tld))
        || domain == "localhost"
}

fn not_example_email(text: &str) -> bool {
    !is_reserved_domain(text.rsplit('@').next().unwrap_or(""))
}

/// `scheme://user:password@host`: a real-looking password on a real host.
fn url_password(text: &str) -> bool {
    let Some((credentials, host)) = text.rsplit_once('@') else {
        return false;
    };
    let password = credentials.rsplit(':').next().unwrap_or("");
    !is_reserved_domain(host) && looks_random(password)
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

/// Whether a value looks machine-made rather than written: digits among
/// letters (or both cases), and at least 3.5 bits of entropy per character
/// (3.2 for the shortest, 8–19 characters). Words, placeholders such as
/// `YOUR_API_KEY_HERE` and repeated patterns stay below.
fn looks_random(value: &str) -> bool {
    let len = value.chars().count();
    let digit = value.chars().any(|c| c.is_ascii_digit());
    let lower = value.chars().any(|c| c.is_ascii_lowercase());
    let upper = value.chars().any(|c| c.is_ascii_uppercase());
    let threshold = if len >= 20 { 3.5 } else { 3.2 };
    len >= 8
        && ((digit && (lower || upper)) || (lower && upper && len >= 20))
        && entropy(value) >= threshold
}

/// `name = value` where the name says key, secret, token or password and
/// the value looks random. Public and test keys are not secrets.
fn high_entropy_assignment(text: &str) -> bool {
    let Some(at) = text.find([':', '=']) else {
        return false;
    };
    let name = text.get(..at).unwrap_or("").to_ascii_lowercase();
    let value = text
        .get(at + 1..)
        .unwrap_or("")
        .trim_start_matches(['>', ' ', '\t', '"', '\''])
        .trim_end_matches(['"', '\'']);
    if name.contains("public") || name.contains("publishable") {
        return false;
    }
    if ["sk_test_", "pk_test_", "pk_live_", "rk_test_"]
        .iter()
        .any(|p| value.starts_with(p))
    {
        return false;
    }
    value.chars().count() >= 16 && looks_random(value)
}

/// National numbers with a trunk 0: 10 or 11 digits.
fn national_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (10..=11).contains(&digits)
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
pub(crate) fn scan_line(line: &str, allowed: &[String]) -> Vec<Finding> {
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
pub(crate) fn masked(text: &str) -> String {
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
        ("-----BEGIN EC PRIVATE KEY-----", "private key"),
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----", "private key"),
        ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "private key"),
        ("aws key AKIAIOSFODNN7EXAMPLE here", "AWS access key"),
        ("ASIAY34FZKBOKMUTVV7A", "AWS access key"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS secret access key",
        ),
        (
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Lm3Vt9B",
            "AWS secret access key",
        ),
        (
            "export AWS_SECRET_ACCESS_KEY=\"h2Kd9Lq+Zx7Vb1Nm4Pr6Ts8Wy0Ac3Ef5Gi7Jk9Mo\"",
            "AWS secret access key",
        ),
        (
            "token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
            "GitHub token",
        ),
        ("gho_abcdefghijklmnopqrstuvwxyz0123456789AB", "GitHub token"),
        (
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS",
            "GitHub token",
        ),
        ("slack xoxb-1234567890-abcdefghijkl", "Slack token"),
        ("xoxp-2222222222-3333333333-abcdef123456", "Slack token"),
        (
            "post to https://hooks.slack.com/services/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",
            "Slack webhook",
        ),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe key"),
        ("rk_live_51H8abcDEF123ghiJKL456mno", "Stripe key"),
        ("whsec_5f8Zr4LmN2vXw9TbK5sYdQ7pL4sT8wR1", "Stripe key"),
        ("key: AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "Google API key"),
        ("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", "Google OAuth client secret"),
        ("npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "npm token"),
        (
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "JSON Web Token",
        ),
        (
            "postgres://admin:q8Zr4LmN2vXw9Tb@db.acme-corp.io/prod",
            "password in a URL",
        ),
        (
            "api_key = \"a8f5f167f44f4964e6c998dee827110c\"",
            "secret value",
        ),
        ("SECRET: Zx9vK2mQ7pL4sT8wR1nY6bH3", "secret value"),
        ("password=q8Zr4LmN2vXw9TbK5sYd", "secret value"),
        ("key=9f8Xq2LmZ7vB4nK1sT6w", "secret value"),
        ("?key=Hq83nZp0Lw2VxK7mT5rY", "secret value"),
        ("client_secret: 'Vb7Nq2Xz9Lm4Kp8Tw3Rj6Hd'", "secret value"),
        ("DEPLOY_TOKEN=4f9a8b7c6d5e4f3a2b1c0d9e8f7a", "secret value"),
        ("\"auth_token\": \"Tk7Pq9Zx2Lm5Nv8Bw3Rs6Yd\",", "secret value"),
        ("signing_key => Mq4Zt8Xv1Lp7Nw3Kr9Bs5Hd", "secret value"),
        ("mail me at jane.doe@gmail.com", "e-mail address"),
        ("ops+alerts@acme-corp.co.uk", "e-mail address"),
        ("card 4111 1111 1111 1111 expires", "card number"),
        ("5500-0000-0000-0004", "card number"),
        ("378282246310005", "card number"),
        ("call (555) 123-4567 today", "phone number"),
        ("+44 20 7946 0958", "phone number"),
        ("ring 020 7946 0958 after six", "phone number"),
        ("(01632) 960 001", "phone number"),
        ("mobile 07700 900123", "phone number"),
        ("+1 415 555 2671", "phone number"),
    ];

    const NEGATIVE: &[&str] = &[
        "version 1.2.3.4567",
        "release 2026.11.25",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "contact support@example.com",
        "write to ops@mail.example.org or billing@example.net",
        "user@host.test",
        "admin@intranet.localhost",
        "an order id 1234567812345678 that fails Luhn",
        "0000 0000 0000 0000",
        "ISBN 978-3-16-148410-0",
        "date 2026-11-25 and time 12:30:45",
        "api_key = YOUR_API_KEY_HERE_PLEASE",
        "token: <your token>",
        "password = correcthorsebatterystaple",
        "secret: my-secret-value-goes-here",
        "api_key = os.environ[\"API_KEY\"]",
        "token = get_token_from_environment()",
        "secret_key: ${{ secrets.DEPLOY_KEY }}",
        "key_file: /etc/ssl/private/server.key",
        "public_key: Zx9vK2mQ7pL4sT8wR1nY6bH3",
        "stripe_key = pk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "test_key = sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "token: xxxxxxxxxxxxxxxxxxxxxxxx",
        "password: abc123abc123abc123abc123",
        "the monkey: a small primate with a long tail",
        "keyboard shortcuts: Ctrl+K then Ctrl+S",
        "sort_key = created_at",
        "price 1,299.00 USD",
        "port 127.0.0.1:8080",
        "AKIA short",
        "ghp_short",
        "xoxb-short",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "AIza is how Google keys begin",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "hash sha256:e3b0c44298fc1c149afbf4c8996fb924",
        "postgres://user:password@localhost/dev",
        "https://admin:q8Zr4LmN2vXw9Tb@db.example.com/x",
        "https://docs.acme.io/guides/billing/refunds/#partial",
        "call extension 1234",
        "room 020 on floor 3",
        "chapter 0.12.3",
    ];

    #[test]
    fn positives_are_found() {
        assert!(POSITIVE.len() >= 40 && NEGATIVE.len() >= 40);
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
