//! Schema descriptions -> doc comment lines: first paragraph only, cut at a sentence end
//! near [`MAX_CHARS`], markdown that rustdoc would misread escaped, wrapped at [`WIDTH`].

/// Longest description kept, in characters (before wrapping).
pub const MAX_CHARS: usize = 400;
/// Wrap width of a doc line's text.
pub const WIDTH: usize = 88;

/// Doc lines (without the `///` marker) for a schema description.
pub fn lines(description: &str) -> Vec<String> {
    let first = first_paragraph(description);
    let text = escape(&truncate(&collapse_whitespace(first), MAX_CHARS));
    wrap(&text, WIDTH)
}

/// The first non-empty paragraph; the schemas separate paragraphs by single newlines too.
fn first_paragraph(s: &str) -> &str {
    s.split('\n')
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or("")
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cut at the last sentence end before `max` characters, or at a word with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    if let Some(end) = cut.rfind(". ") {
        if end > max / 3 {
            return cut[..=end].to_owned();
        }
    }
    match cut.rfind(' ') {
        Some(sp) => format!("{}…", cut[..sp].trim_end_matches([',', ';', ':'])),
        None => format!("{cut}…"),
    }
}

/// Keep the text literal under rustdoc: no code fences (they would become doctests), no
/// stray `[..]` (intra-doc links) or `<..>` (HTML tags); markdown links `[t](http..)` and
/// autolinks `<http..>` stay.
fn escape(s: &str) -> String {
    let s = s.replace("```", "`");
    let mut out = String::with_capacity(s.len() + 8);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '`' {
            // A code span, closed by the same run of backticks: copied as is (inside it a
            // backslash would show).
            let run = rest.len() - rest.trim_start_matches('`').len();
            let n = rest[run..]
                .find(&rest[..run])
                .map_or(run, |end| run + end + run);
            out.push_str(&rest[..n]);
            i += n;
            continue;
        }
        match c {
            '[' => match markdown_link_len(rest) {
                Some(n) => {
                    out.push_str(&rest[..n]);
                    i += n;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' if rest.starts_with("<http") && rest.contains('>') => {
                let n = rest.find('>').map_or(rest.len(), |p| p + 1);
                out.push_str(&rest[..n]);
                i += n;
                continue;
            }
            '<' => out.push_str("\\<"),
            '>' => out.push_str("\\>"),
            '\\' => out.push_str("\\\\"),
            '*' if bytes.get(i + 1) != Some(&b'*') && !prev_is(bytes, i, b'*') => {
                out.push_str("\\*")
            }
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

fn prev_is(bytes: &[u8], i: usize, b: u8) -> bool {
    i > 0 && bytes[i - 1] == b
}

/// Length of `[text](http...)` at the start of `s`, if it is one.
fn markdown_link_len(s: &str) -> Option<usize> {
    let close = s.find("](")?;
    if s[1..close].contains(['[', ']']) || !s[close + 2..].starts_with("http") {
        return None;
    }
    let end = s[close + 2..].find(')')?;
    let url = &s[close + 2..close + 2 + end];
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some(close + 2 + end + 1)
}

fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        if line.is_empty() && starts_a_block(word) {
            // At the start of a line it would begin a list or a heading: escape its
            // punctuation (`\-`, `\#`, `35\.`).
            let at = word.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
            line.push_str(&word[..at]);
            line.push('\\');
            line.push_str(&word[at..]);
            continue;
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Words markdown reads as a list marker or heading at the start of a line.
fn starts_a_block(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
    matches!(word, "-" | "+" | "=" | "|")
        || word.starts_with('#')
        || (digits.len() < word.len() && matches!(digits, "." | ")"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_only_and_collapsed() {
        let d = "Applies a policy.  If you\tare here\n If you don't have ``PutBucketPolicy``";
        assert_eq!(lines(d), vec!["Applies a policy. If you are here"]);
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        let d = "Use [0-9] or <Key> with ```code``` and a [link](https://docs.aws.amazon.com/x) \
                 and <https://example.com> and a_b *x* ``SSE_KMS`` `a*b` **bold** C:\\path";
        assert_eq!(
            lines(d).join(" "),
            "Use \\[0-9\\] or \\<Key\\> with `code` and a [link](https://docs.aws.amazon.com/x) \
             and <https://example.com> and a_b \\*x\\* ``SSE_KMS`` `a*b` **bold** C:\\\\path"
        );
    }

    #[test]
    fn long_text_is_cut_at_a_sentence_and_wrapped() {
        let sentence = "This sentence has exactly eight words in it. ";
        let d = sentence.repeat(20);
        let l = lines(&d);
        let joined = l.join(" ");
        assert!(joined.ends_with("in it."), "{joined}");
        assert!(joined.chars().count() <= MAX_CHARS);
        assert!(l.iter().all(|x| x.chars().count() <= WIDTH));
    }

    #[test]
    fn long_word_soup_gets_an_ellipsis() {
        let d = "word, ".repeat(200);
        let joined = lines(&d).join(" ");
        assert!(joined.ends_with("word…"), "{joined}");
    }

    #[test]
    fn no_line_starts_a_list_or_heading() {
        let d = format!("{} - one + two # three 1. four", "word ".repeat(17));
        let l = wrap(&d, 4);
        for line in ["\\-", "\\+", "\\#", "1\\."] {
            assert!(l.iter().any(|x| x == line), "{line} in {l:?}");
        }
        assert!(starts_a_block("12)") && !starts_a_block("12") && !starts_a_block("a."));
    }

    #[test]
    fn empty_description_gives_no_lines() {
        assert!(lines("  \n ").is_empty());
    }
}
