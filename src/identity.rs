//! Whether an identity given by FranceConnect is the person of a file: same birth date, same names
//! once spelling differences are set aside.
//!
//! FranceConnect gives the civil-status identity: *all* given names (`"Marie Anne Claire"`) and the
//! birth name (`"MARTIN"`), often in capitals and sometimes without accents. The CAF file has the
//! usual first name (`"Marie-Anne"`) and the name in use, which may add a spouse's name
//! (`"Martin-Durand"`, `"Durand épouse Martin"`). So names are compared word by word, after folding
//! accents, case, hyphens and apostrophes:
//! - every word of the file's first name must be one of the given names;
//! - the birth name's words and the file's name's words must overlap in full on one side (one is
//!   contained in the other), the words "épouse", "époux", "née", "veuve", "dit", "dite" aside.
//!
//! The birth date must be equal. Nothing here is fuzzy: a typo in a file is fixed by staff, not
//! guessed around — a wrong link would show a person someone else's file.
use crate::Date;

/// What a file says of its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity<'a> {
    /// The usual first name, as in the file.
    pub first_name: &'a str,
    /// The name in use, as in the file.
    pub last_name: &'a str,
    /// The birth date in the file.
    pub birth_date: Date,
}

/// What the identity provider says (FranceConnect's `given_name`, `family_name`, `birthdate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvidedIdentity<'a> {
    /// All given names, separated by spaces.
    pub given_names: &'a str,
    /// The birth name.
    pub family_name: &'a str,
    /// The birth date.
    pub birth_date: Date,
}

/// Why an identity is not the file's person (the first difference found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The birth dates differ.
    BirthDate,
    /// The names differ.
    FamilyName,
    /// The first name is not among the given names.
    GivenName,
}

/// Words that join a birth name and a spouse's name in a name in use.
const JOINING_WORDS: [&str; 7] = ["EPOUSE", "EPOUX", "NEE", "NE", "VEUVE", "DIT", "DITE"];

/// `"  Jean-Pierre d'Ornano "` → `["JEAN", "PIERRE", "D", "ORNANO"]`: accents folded, upper case,
/// hyphens, apostrophes, dots and spaces as separators. An accent sent as a separate combining
/// mark (Unicode NFD: `e` + U+0301, as some providers and keyboards send it) is dropped, so that
/// both spellings of a name give the same words.
pub fn name_words(name: &str) -> Vec<String> {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !is_combining_mark(*c)) {
        for l in c.to_lowercase() {
            match fold(l) {
                Some(plain) => folded.push_str(plain),
                None => folded.push(l),
            }
        }
    }
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// The combining diacritical marks (U+0300–U+036F, and the extended and supplement blocks).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// One lower-case letter without its accent (the letters of French and of the names most met in
/// France's civil status; another letter is kept as it is).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

fn meaningful(words: Vec<String>) -> Vec<String> {
    words
        .into_iter()
        .filter(|w| !JOINING_WORDS.contains(&w.as_str()))
        .collect()
}

fn contained(small: &[String], big: &[String]) -> bool {
    !small.is_empty() && small.iter().all(|w| big.contains(w))
}

/// Whether the provided identity is the file's person; the first difference otherwise.
pub fn same_person(
    file: &FileIdentity<'_>,
    provided: &ProvidedIdentity<'_>,
) -> Result<(), Mismatch> {
    if file.birth_date != provided.birth_date {
        return Err(Mismatch::BirthDate);
    }
    let file_name = meaningful(name_words(file.last_name));
    let birth_name = meaningful(name_words(provided.family_name));
    if !(contained(&birth_name, &file_name) || contained(&file_name, &birth_name)) {
        return Err(Mismatch::FamilyName);
    }
    let first = name_words(file.first_name);
    let given = name_words(provided.given_names);
    if !contained(&first, &given) {
        return Err(Mismatch::GivenName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BORN: Date = Date::ymd(1985, 3, 15);

    fn file<'a>(first: &'a str, last: &'a str) -> FileIdentity<'a> {
        FileIdentity {
            first_name: first,
            last_name: last,
            birth_date: BORN,
        }
    }

    fn fc<'a>(given: &'a str, family: &'a str) -> ProvidedIdentity<'a> {
        ProvidedIdentity {
            given_names: given,
            family_name: family,
            birth_date: BORN,
        }
    }

    #[test]
    fn decomposed_accents_give_the_same_words() {
        // "Hélène Lefèvre" as NFD: each accent a combining mark after its letter.
        let nfd = "He\u{301}le\u{300}ne Lefe\u{300}vre";
        assert_eq!(name_words(nfd), name_words("Hélène Lefèvre"));
        assert_eq!(name_words(nfd), ["HELENE", "LEFEVRE"]);
    }

    #[test]
    fn words_fold_accents_case_and_separators() {
        assert_eq!(
            name_words("  Jean-Pierre d'Ornano "),
            ["JEAN", "PIERRE", "D", "ORNANO"]
        );
        assert_eq!(name_words("Hélène CŒUR"), ["HELENE", "COEUR"]);
        assert_eq!(name_words("Zoë Müller-Łukasz"), ["ZOE", "MULLER", "LUKASZ"]);
        assert_eq!(name_words("ÉLODIE"), name_words("elodie"));
        assert!(name_words(" - ' ").is_empty());
    }

    #[test]
    fn the_same_person_spelled_differently() {
        // Capitals, no accents, all given names: FranceConnect's usual way.
        assert_eq!(
            same_person(&file("Léo", "Durand"), &fc("LEO", "DURAND")),
            Ok(())
        );
        assert_eq!(
            same_person(
                &file("Camille", "Martin"),
                &fc("Camille Anne Marie", "MARTIN")
            ),
            Ok(())
        );
        // A compound first name, hyphenated in the file, spaced in the civil status.
        assert_eq!(
            same_person(
                &file("Jean-Pierre", "Lefèvre"),
                &fc("JEAN PIERRE LOUIS", "LEFEVRE")
            ),
            Ok(())
        );
        // A name in use with the spouse's name, either way round.
        assert_eq!(
            same_person(&file("Nadia", "Benali-Roux"), &fc("Nadia", "BENALI")),
            Ok(())
        );
        assert_eq!(
            same_person(&file("Nadia", "Roux épouse Benali"), &fc("Nadia", "Benali")),
            Ok(())
        );
        assert_eq!(
            same_person(&file("Anne", "d'Ornano"), &fc("Anne", "D ORNANO")),
            Ok(())
        );
    }

    #[test]
    fn another_person_is_refused() {
        let born_later = ProvidedIdentity {
            birth_date: Date::ymd(1985, 3, 16),
            ..fc("Léo", "Durand")
        };
        assert_eq!(
            same_person(&file("Léo", "Durand"), &born_later),
            Err(Mismatch::BirthDate)
        );
        assert_eq!(
            same_person(&file("Léo", "Durand"), &fc("Léo", "Dupont")),
            Err(Mismatch::FamilyName)
        );
        assert_eq!(
            same_person(&file("Léo", "Durand"), &fc("Léon", "Durand")),
            Err(Mismatch::GivenName)
        );
        // A part of a name is not enough: "Jean" is not "Jean-Pierre".
        assert_eq!(
            same_person(&file("Jean-Pierre", "Martin"), &fc("Jean", "Martin")),
            Err(Mismatch::GivenName)
        );
        // Empty names never match.
        assert_eq!(
            same_person(&file("Léo", "Durand"), &fc("Léo", "")),
            Err(Mismatch::FamilyName)
        );
        assert_eq!(
            same_person(&file("", "Durand"), &fc("Léo", "Durand")),
            Err(Mismatch::GivenName)
        );
        // The joining words alone are not a name.
        assert_eq!(
            same_person(&file("Léo", "Durand"), &fc("Léo", "épouse")),
            Err(Mismatch::FamilyName)
        );
    }
}
