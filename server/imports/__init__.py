"""Importing accounts and contacts from CSV and XLSX files: `run.import_file`."""
