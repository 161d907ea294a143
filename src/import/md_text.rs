//! Markdown text for converted HTML: escaping what Markdown would read as
//! syntax, code spans and fences that survive backticks, link destinations,
//! and line prefixes for quotes and lists.

/// Trims each line of a paragraph (HTML ignores the spaces around a `<br>`)
/// and drops a trailing hard break.
pub(super) fn collapse_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let mut joined = lines.join("\n");
    // an odd run of trailing backslashes ends in a hard break; an even one
    // is escaped backslashes, which are text
    while joined.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1 {
        joined.pop();
        joined = joined.trim_end().to_string();
    }
    joined.trim().to_string()
}

/// Inline Markdown on one line (a heading, a table cell): a hard break
/// there would leave a stray backslash, so it becomes a space.
pub(super) fn one_line(text: &str) -> String {
    let pieces: Vec<String> = text.split("\\\n").map(collapse_lines).collect();
    pieces
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading's text that ends like a closing `#` sequence or a `{#id}`
/// attribute block would lose it: that character is escaped.
pub(super) fn escape_heading_end(text: &str) -> String {
    if text.ends_with('#') {
        let kept = text.trim_end_matches('#');
        if kept.is_empty() || kept.ends_with(' ') {
            let hashes = text.len() - kept.len();
            return format!("{kept}\\{}", "#".repeat(hashes));
        }
    }
    if let Some(head) = text.strip_suffix('}') {
        // escaping the `{` is not enough for pulldown-cmark: the line must
        // not end with a bare `}`
        if head.contains('{') && !head.ends_with('\\') {
            return format!("{head}\\}}");
        }
    }
    text.to_string()
}

/// Whitespace runs become one space, as HTML renders them.
pub(super) fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Backslash-escapes what Markdown would read as markup in plain text, and
/// nothing else: a backslash before a letter, `a < b`, `2 * 3` and `a | b`
/// stay as written (a table cell escapes its own `|`, a paragraph's line
/// starts are checked where the lines are known). At the edges of the text
/// the neighbour is unknown, so the escape is kept there.
pub(crate) fn escape_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let spaced = prev.is_some_and(char::is_whitespace) && next.is_some_and(char::is_whitespace);
        let needs = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '`' | '[' | ']' => true,
            '*' | '~' => !spaced,
            '_' => {
                let intraword = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                !(spaced || intraword)
            }
            '<' => next.is_none_or(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => looks_like_entity(&chars[i + 1..]),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn looks_like_entity(rest: &[char]) -> bool {
    let name: String = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.chars().count()) == Some(&';')
}

/// A paragraph line that starts like a heading, quote, list item, rule,
/// setext underline or table delimiter row gets the one escape that keeps
/// it text. A numbered line other than the first can only start a list
/// when its number is 1.
pub(super) fn escape_line_starts(text: &str) -> String {
    text.split('\n')
        .enumerate()
        .map(|(n, line)| escape_line_start(line, n == 0))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn escape_line_start(line: &str, first_line: bool) -> String {
    let ends_marker = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let Some(first) = line.chars().next() else {
        return String::new();
    };
    let rest = &line[first.len_utf8()..];
    let only = |c: char| line.trim_end().chars().all(|x| x == c);
    let block_start = match first {
        '>' => true,
        '#' => {
            let hashes = line.chars().take_while(|c| *c == '#').count();
            hashes <= 6 && ends_marker(&line[hashes..])
        }
        '=' => only('='),
        '-' => ends_marker(rest) || only('-'),
        // unescaped only when spaced, as in `* item` after a line break
        '*' => ends_marker(rest),
        '_' => line
            .chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| c == '_'),
        '+' => ends_marker(rest),
        _ => false,
    };
    if block_start {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let (num, after) = line.split_at(digits);
        if after.starts_with(['.', ')']) && ends_marker(&after[1..]) && (first_line || num == "1") {
            return format!("{num}\\{after}");
        }
    }
    // `-|-`, `:--|--:`: a table delimiter row under the line before
    let delimiter = line.contains('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    if delimiter {
        return line.replace('|', "\\|");
    }
    line.to_string()
}

/// `**text**`, with the spaces HTML kept inside the tag moved outside.
pub(super) fn wrap(inner: &str, mark: &str) -> String {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return inner.to_string();
    }
    let lead = if inner.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if inner.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{mark}{trimmed}{mark}{trail}")
}

pub(super) fn inline_code(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

pub(super) fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

pub(super) fn link_destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Prefixes the first line with `first` and the others with `rest`; blank
/// lines get the prefix without its trailing spaces.
pub(super) fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| {
            let prefix = if i == 0 { first } else { rest };
            if line.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
