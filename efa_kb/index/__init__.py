"""Search: one German analysis feeding a whoosh index (terminal) and a static index (site).

``documents`` holds the record the index stage works on and ``collect`` makes
those records from a merged state; ``analysis`` is the German text analysis,
``lexicon`` the dictionary and synonyms built from the content, ``terms`` what a
document contributes to an index and how it is scored, ``matching`` how a query
is expanded. ``whoosh_index`` and ``site_index`` are the two indexes (the site's
client, ``efa-search.js``, mirrors ``analysis`` and ``matching``), ``query`` the
terminal output, ``evaluate`` the measured quality and ``browser_search`` drives
the site's search in headless Chromium.
"""
