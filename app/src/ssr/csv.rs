//! Every CSV the service writes (exports, dashboard figures, "Mes données"): `;`-separated for
//! spreadsheets set to French, quoted where needed, and safe to open in a spreadsheet.

/// A cell as written: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// be run as a formula by a spreadsheet ("CSV injection"); it gets a leading `'`, which the
/// spreadsheet shows as text. Names, communes and addresses come from outside (the CAF's file, the
/// person), so every cell goes through here.
pub fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// One line, neutralised, with `;` and the quotes the csv crate adds where needed.
pub fn line<I, S>(fields: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let cells: Vec<String> = fields
        .into_iter()
        .map(|f| cell(f.as_ref()).into_owned())
        .collect();
    let _ = w.write_record(&cells);
    w.into_inner().unwrap_or_default()
}

/// The byte-order mark that makes spreadsheets read the file as UTF-8.
pub const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text() {
        let out = String::from_utf8(line([
            "=HYPERLINK(\"http://x\")",
            "+33 6",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "Dupont",
            "1234567",
            "",
        ]))
        .unwrap();
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://x\"\")\";'+33 6;'-2+3;'@SUM(A1);'\tx;\"'\rx\";Dupont;1234567;\n"
        );
    }
}
