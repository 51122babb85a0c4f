"""The match's and the market's files: match instances and results, and the market fit."""
