"""Reading and checking a site's files: promises.yaml with the line of every value, the schema,
validation, problems and the messages that tell editors about them, the language registry and
the wording files."""
