"""The illustrative (synthetic) intervention dataset of ``scripts/generate_example_dataset.py``.

Modules, in the order a build uses them: ``config`` (paths, sizes, the five districts, column
order), ``archetypes`` (kinds of intervention and the intersectional rows), ``inputs`` (code
lists, IoD2025 and Census shares, LSOA polygons), ``planning`` (records assigned to districts),
``sampling`` (drawing codes, populations, evaluation, reach and cost), ``records`` (one record
at a time, and the dataset with its metadata), ``checks`` (the published patterns) and
``output`` (the CSV and JSON text as committed).
"""
