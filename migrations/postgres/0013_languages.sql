-- Languages (French, English, Arabic). Same on the other engine: migrations/sqlite/0013_languages.sql.
-- The language of the messages sent to a person (SMS, e-mails), chosen in "Mon parcours".
ALTER TABLE beneficiary ADD COLUMN message_lang TEXT NOT NULL DEFAULT 'fr'
    CONSTRAINT beneficiary_message_lang_check CHECK (message_lang IN ('fr', 'en', 'ar'));
-- What a timeline entry says, as values (JSON), so that it can be worded in the reader's
-- language; `title` and `detail` keep the French (staff pages, entries written before).
ALTER TABLE pathway_event ADD COLUMN data TEXT;
