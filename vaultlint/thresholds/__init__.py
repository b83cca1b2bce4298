"""Clinical thresholds: finding them in notes, their citations, and
comparing them across the vault (rules VL301 and VL305).

The stages, each one module:

* ``lexicon.toml`` / ``lexicon.py``: units, analytes, cue words and
  suppressors as reviewable data, compiled to regular expressions;
* ``normalize.py``: one spelling for the many ways notes write numbers and
  units, with a map back to note offsets;
* ``detect.py``: thresholds in one claim unit (pure string functions);
* ``sentences.py``: paragraphs split into sentences;
* ``citations.py``: what counts as a citation and what it covers;
* ``analysis.py``: all of that applied to a parsed note;
* ``claims.py``: threshold claims for the vault index and conflicts.

Import the stage you need (``from vaultlint.thresholds.claims import
Claim``): the package itself imports nothing, so a run that reads every
note from the cache never compiles the lexicon.
"""
