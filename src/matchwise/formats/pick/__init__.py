"""Pick's files: the program catalog, the profile TOML, results (CSV/XLSX/JSON), the plan PDF,
the parameter file, the model card and the published facts."""
