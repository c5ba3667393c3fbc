"""Text normalisation: Unicode, legacy 8-bit encodings, hard-wrapped lines; every edit maps back to the source."""
