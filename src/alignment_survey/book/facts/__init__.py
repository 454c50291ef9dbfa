"""What each chapter states about the data: one module per chapter, one ``facts()`` function each.

A chapter's code is three lines: load the dataset, compute its facts, glue them all::

    survey = setup()
    glue_facts(scalable_oversight.facts(survey))

``facts(survey)`` returns a small frozen dataclass whose fields are the numbers, names and short
texts the prose glues (``{glue:text}`field```), and checks with
:func:`alignment_survey.book.guards.claim` every sentence that no glued value carries, so that a
record that makes such a sentence false stops the build with a message naming the sentence.
Each module has tests in ``tests/test_facts.py``.
"""
