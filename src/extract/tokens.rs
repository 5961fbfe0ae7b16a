//! Splits a body into word and punctuation tokens with byte spans. Whitespace is not a token,
//! but each token records whether whitespace came before it.

use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// A possessive ending, "’s" or "'s", split from its word.
    Possessive,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        &body[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

pub fn tokenize(body: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(body.len() / 5);
    let mut chars = body.char_indices().peekable();
    let mut space_before = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if (d == '\'' || d == '’') && body[j + d.len_utf8()..].starts_with(is_word_char) {
                    // "O'Neill" keeps its apostrophe; a possessive "’s" becomes its own token.
                    let after = &body[j + d.len_utf8()..];
                    let possessive = after.starts_with('s') && !after[1..].starts_with(is_word_char);
                    if possessive {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                } else if d == '.' && end - i == c.len_utf8() && c.is_uppercase() {
                    // An initial: "G." in "G.S. Bezdetko".
                    end = j + 1;
                    chars.next();
                    break;
                } else {
                    break;
                }
            }
            tokens.push(Token { kind: TokenKind::Word, start: i, end, space_before });
        } else if (c == '\'' || c == '’')
            && body[i + c.len_utf8()..].starts_with('s')
            && tokens.last().is_some_and(|t: &Token| t.end == i)
        {
            let end = i + c.len_utf8() + 1;
            chars.next();
            tokens.push(Token { kind: TokenKind::Possessive, start: i, end, space_before });
        } else {
            tokens.push(Token { kind: TokenKind::Punct, start: i, end: i + c.len_utf8(), space_before });
        }
        space_before = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        tokenize(body).iter().map(|t| t.text(body)).collect()
    }

    #[test]
    fn words_possessives_initials_and_hyphens() {
        assert_eq!(texts("Putin’s visit"), ["Putin", "’s", "visit"]);
        assert_eq!(texts("G.S. Bezdetko"), ["G.", "S.", "Bezdetko"]);
        assert_eq!(texts("Vietnam-Russia"), ["Vietnam", "-", "Russia"]);
        assert_eq!(texts("O'Neill said"), ["O'Neill", "said"]);
        assert_eq!(texts("Hà Nội."), ["Hà", "Nội", "."]);
        assert_eq!(texts("Ministers' Meeting"), ["Ministers", "'", "Meeting"]);
    }
}
