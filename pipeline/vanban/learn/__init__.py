"""The trained agency-role model: a linear-chain CRF trained from scratch on CPU (models/README.md
says why not a spaCy NER).

It reads one body line at a time and marks each agency mention with the role the line gives
it (LEAD, COOPERATE, IMPLEMENT, ADVISE, SUPERVISE, REPORT); a mention the line only names is
not marked. Its labels are silver (what the rules of `vanban.stages.assignments` find on the
documents of ../shared/corpus) corrected by the gold development part where one covers the
document; the gold test part is never read for training (`examples.excluded`).

- `examples`: the lines the model reads, and its training examples from pipeline records;
- `train`: `vanban train` / `make model`, which writes `models/agency-roles/`;
- `predict`: the model's assignments for a Document, and the pipeline stage that uses them
  beside the rules;
- `modes`: who finds the assignments in this process (`rules`, `model` or `both`);
- `scores`: what each mode gives on the gold (`vanban evaluate --assignments all`).
"""
