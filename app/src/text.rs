//! Text helpers shared by the browser and the server.

/// A search key: lower case, without accents, apostrophes and dashes as spaces, single spaces.
/// "Boucles-de-Seine" and "boucles de seine" give the same key, so people and staff can type
/// names as they say them.
pub fn search_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.chars() {
        let mapped: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => "a",
            'ç' | 'Ç' => "c",
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => "i",
            'ô' | 'ö' | 'ó' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
            'ÿ' | 'Ÿ' => "y",
            'ñ' | 'Ñ' => "n",
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            c if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
                last_space = false;
                continue;
            }
            _ => " ",
        };
        if mapped == " " {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push_str(mapped);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(search_key("Boucles-de-Seine"), "boucles de seine");
        assert_eq!(search_key("  ÉLBEUF  "), "elbeuf");
        assert_eq!(search_key("Neufchâtel-en-Bray"), "neufchatel en bray");
        assert_eq!(search_key("L'Œuvre"), "l oeuvre");
        assert_eq!(search_key(""), "");
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn encodes_spaces_and_accents() {
        assert_eq!(super::url_encode("é a&b"), "%C3%A9%20a%26b");
    }
}

/// Decodes a percent-encoded query-string value (`+` is a space, as in HTML forms). Invalid
/// sequences are kept as typed; invalid UTF-8 becomes U+FFFD.
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod url_decode_tests {
    use super::{url_decode, url_encode};

    #[test]
    fn decodes_what_encode_writes_and_survives_garbage() {
        for s in ["1 200,50 €", "é&=+%", ""] {
            assert_eq!(url_decode(&url_encode(s)), s);
        }
        assert_eq!(url_decode("a+b%2"), "a b%2");
        assert_eq!(url_decode("%zz"), "%zz");
        assert_eq!(url_decode("%C3"), "\u{FFFD}");
    }
}
