"""Scholarly's files: reference files (BibTeX, RIS, MEDLINE, CSL-JSON), the portfolio
spreadsheet, ERAS entries, AMA citations, the CV and the trajectory chart."""
