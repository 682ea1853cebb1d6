"""Service directories in: readers, placing and what happened to every record.

Readers turn an HSDS 3.0 / Open Referral UK feed (a folder of JSON documents, one paginated
list, an API read page by page, or the tabular CSV package), a 360Giving grants file or any
spreadsheet of services (with a detected, overridable column mapping) into one table of
records; :mod:`placing` puts each on an LSOA 2021 and LAD 2024 (or says why it could not);
:mod:`fates` flags duplicates and counts every record's fate. Coding them is
``dashboard.coding``'s job.

May import ``dashboard.core`` and the rest of ``dashboard.ingest``.
"""
