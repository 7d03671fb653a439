-- How the event's time is named in each language ({"en": "Islamabad time", "fr": "heure d’Islamabad"}), optional.
ALTER TABLE events ADD COLUMN time_zone_names TEXT NOT NULL DEFAULT '{}';
