"""Search: one German analysis feeding a whoosh index (terminal) and a static index (site).

``documents`` holds the record the pipeline hands over, ``analysis`` the German
text analysis, ``lexicon`` the dictionary and synonyms built from the content,
``terms`` what a document contributes to an index, ``matching`` how a query is
expanded, ``whoosh_index`` and ``site_index`` the two indexes, ``query`` the
terminal output, and ``evaluate`` the measured quality.
"""
