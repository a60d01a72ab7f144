"""Problem authoring: `judge new` scaffolds, `judge check` proofs, export/import archives.

Everything here handles trusted author code (problem folders and references). Only the
code that `check` grades (starter, reference, mutants, variants) runs in the sandbox,
through the same grader a learner's submission goes through.
"""

from judge.authoring.report import CheckItem, ProblemReport, RunReport

__all__ = ["CheckItem", "ProblemReport", "RunReport"]
