//! The search index's word tokenizer: words as tantivy's simple tokenizer
//! cuts them (runs of letters and digits), Arabic spellings folded, and
//! Chinese, Japanese and Korean runs cut into overlapping character bigrams.
//!
//! Why bigrams for CJK: these scripts do not put spaces between words, so a
//! whitespace/punctuation tokenizer makes a whole clause one token and
//! `華為` never matches a text that says `華為今天宣布`. A dictionary segmenter
//! (lindera, jieba) finds real words but needs a dictionary per language
//! (tens of megabytes, downloaded or bundled) and still misses the names and
//! new words that news is made of. Overlapping bigrams need no dictionary,
//! cover Chinese, Japanese and Korean alike, and give high recall: every
//! two-character word is one token, and a longer query (`华为技术`) becomes a
//! phrase of consecutive bigrams that matches wherever those characters
//! stand in a row (`华为技术有限公司`). The price is some precision and a
//! bigger index, acceptable for news search. A lone CJK character between
//! other scripts or punctuation is kept as a one-character token.
//!
//! The same analyzer runs at indexing and at query time (tantivy's query
//! parser and snippet generator use the field's registered tokenizer).

use storyline_pipeline::text_norm::{fold_arabic_char, is_cjk};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The name the title and text fields refer to. Part of the schema: change
/// it whenever tokenization changes, so an index built with the old rules no
/// longer matches the schema and is rebuilt from the store.
pub const WORDS_TOKENIZER: &str = "storyline_words_cjk2";

/// Tokens longer than this (in bytes) are dropped, as tantivy's default does.
const MAX_TOKEN_BYTES: usize = 40;

/// The analyzer registered under [`WORDS_TOKENIZER`].
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Word characters: letters and digits, plus the Arabic marks that sit
/// inside words (they are then folded away, not split on).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// The tokenizer behind [`words_analyzer`].
#[derive(Clone, Default)]
pub struct WordsTokenizer {
    tokens: TokenBuffer,
}

/// Tokens cut in advance; their text buffers are kept from one text to the
/// next, so cutting allocates only when a text has more tokens (or longer
/// ones) than any before.
#[derive(Clone, Default)]
struct TokenBuffer {
    tokens: Vec<Token>,
    len: usize,
}

impl TokenBuffer {
    /// Starts a token at the next position and returns its emptied text.
    fn start(&mut self, offset_from: usize, offset_to: usize) -> &mut String {
        if self.len == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let t = &mut self.tokens[self.len];
        t.offset_from = offset_from;
        t.offset_to = offset_to;
        t.position = self.len;
        t.position_length = 1;
        t.text.clear();
        self.len += 1;
        &mut t.text
    }

    /// Drops the token last started.
    fn undo(&mut self) {
        self.len -= 1;
    }
}

/// The tokens of one text, cut in advance.
pub struct WordsTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = WordsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsTokenStream<'a> {
        self.tokens.len = 0;
        cut(text, &mut self.tokens);
        WordsTokenStream {
            tokens: &mut self.tokens.tokens[..self.tokens.len],
            next: 0,
        }
    }
}

impl TokenStream for WordsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Cuts `text` into tokens: each run of word characters is split where it
/// changes between CJK and other characters; other stretches are one token
/// (Arabic-folded), CJK stretches give their bigrams (or the character when
/// alone). Positions count tokens; offsets are byte offsets into `text`.
fn cut(text: &str, out: &mut TokenBuffer) {
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !is_word_char(c) {
            chars.next();
            continue;
        }
        if is_cjk(c) {
            // Bigrams over the CJK stretch: `prev` is where the previous
            // character starts; a stretch of one character is a token.
            chars.next();
            let mut prev = start;
            let mut end = start + c.len_utf8();
            let mut alone = true;
            while let Some(&(i, c)) = chars.peek() {
                if !is_cjk(c) {
                    break;
                }
                let next_end = i + c.len_utf8();
                out.start(prev, next_end).push_str(&text[prev..next_end]);
                alone = false;
                prev = i;
                end = next_end;
                chars.next();
            }
            if alone {
                out.start(start, end).push_str(&text[start..end]);
            }
        } else {
            // The token's end is known only at the end of the word: set it then.
            let slot = out.len;
            out.start(start, start);
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !is_word_char(c) || is_cjk(c) {
                    break;
                }
                if let Some(f) = fold_arabic_char(c) {
                    out.tokens[slot].text.push(f);
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if out.tokens[slot].text.is_empty() {
                out.undo();
            } else {
                out.tokens[slot].offset_to = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, &str)> {
        let mut analyzer = words_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((
                t.text.clone(),
                t.position,
                &text[t.offset_from..t.offset_to],
            ));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn latin_words_are_cut_and_lowercased_as_before() {
        assert_eq!(
            texts("Hello, happy tax-payer! Zürich 2024"),
            vec!["hello", "happy", "tax", "payer", "zürich", "2024"]
        );
    }

    #[test]
    fn han_runs_become_overlapping_bigrams_with_offsets() {
        let t = tokens("华为技术有限公司。");
        let grams: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            grams,
            vec!["华为", "为技", "技术", "术有", "有限", "限公", "公司"]
        );
        assert_eq!(t[2].2, "技术");
        assert_eq!(
            t.iter().map(|t| t.1).collect::<Vec<_>>(),
            (0..7).collect::<Vec<_>>()
        );
    }

    #[test]
    fn mixed_runs_split_between_scripts() {
        assert_eq!(
            texts("在iPhone15发布会上"),
            vec!["在", "iphone15", "发布", "布会", "会上"]
        );
        assert_eq!(
            texts("東京とソウル"),
            vec!["東京", "京と", "とソ", "ソウ", "ウル"]
        );
        assert_eq!(texts("서울 시장"), vec!["서울", "시장"]);
    }

    #[test]
    fn a_reused_tokenizer_gives_only_the_tokens_of_the_current_text() {
        let mut analyzer = words_analyzer();
        let mut cut_with = |text: &str| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        assert_eq!(cut_with("华为技术有限公司 and more words here").len(), 11);
        assert_eq!(cut_with("Short text"), vec!["short", "text"]);
        assert_eq!(cut_with("ـ"), Vec::<String>::new());
        assert_eq!(cut_with("華"), vec!["華"]);
    }

    #[test]
    fn arabic_spellings_fold_to_one_token() {
        let plain = texts("قال الرئيس احمد");
        assert_eq!(texts("قَالَ الرَّئِيسُ أحمد"), plain);
        assert_eq!(texts("قـــال الرييس إحمد"), plain);
        // Offsets still point at the original spelling.
        assert_eq!(tokens("مُحَمَّد")[0].2, "مُحَمَّد");
    }
}
