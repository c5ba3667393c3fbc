"""Stage: who must do what, in which role, by when (`doc.assignments`), and ORG entities.

The body is read paragraph by paragraph (the normaliser keeps list items and headings on
their own lines). A paragraph's subject is the agency list it opens with ("3. Ủy ban nhân
dân huyện xây dựng …", "Giao Sở X chủ trì …"), or the agency of the item heading above it
("1. Sở Nội vụ:" then "- Chủ trì …"), or of a heading "Trách nhiệm của …". Inside each
clause (split at ";" and sentence ends) the cue phrases of vanban/data/assignment_cues.json
give the subject's roles, and lists after "phối hợp với" / "báo cáo" name the cooperating
bodies and the report's recipient. Labelled lines ("Cơ quan chủ trì: …", "Thời gian thực
hiện: …") and table rows with "chủ trì"/"phối hợp" columns are read as such, both markdown
tables ("|") and the space-aligned tables of pdftotext's layout (cells cut at the runs of spaces
shared by the lines of a row, read top to bottom).

Following GUIDE.md's Decisions, a task's deadline goes on every body the task names (partners
too), and each further deadline of the same agency and role is an entry of its own.
The package: `state` (cues, item levels, the assignments found), `paragraphs` (the body cut
into paragraphs and labels), `items` (one paragraph), `clauses` (the clauses of a paragraph),
`addressees` (a letter's "Kính gửi"), `tables` and `layout` (task tables), `stage` (`run`).
"""

from vanban.stages.assignments.stage import run

__all__ = ["run"]
