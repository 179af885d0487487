"""Open data: the laureates of each edition as CSV and JSON, and the page documenting them.

Only the public view is read: one row per laureate, never a non-laureate.

Modules: `fields` (the fields of the files, the reason codes and the licence, and the
fields' documentation for the data package), `rows` (the laureates' rows and how a CSV
cell is written, shared by the files and the page), `files` (the CSV and JSON files) and
`page` (the `donnees/` page).
"""
