"""Spreadsheet exchange of records: the import template, the importer (parse, validate with the
web form's own fields and rules, write in bulk) and the record-level export, generated from the
catalogue for both databases.

Modules: ``config`` (what differs between the databases), ``columns`` (the columns of templates,
imports and exports), ``parse`` (bytes to rows, file-level checks), ``validate`` (rows to a plan
with every error by row and column), ``write`` (the plan to the database, in one transaction),
``storage`` (what an upload waiting for confirmation keeps: sealed rows, never the file),
``export`` (records to CSV/XLSX, safe against formula injection through
``thb_data.spreadsheets``), ``template`` (the XLSX import template), ``resources``
(django-import-export resources), ``views``.
"""
