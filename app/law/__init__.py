"""The law of emulation and commendation (thi đua, khen thưởng) as data, and the pure engine that reads it.

- ``regimes``: the legal regimes (chế độ pháp lý) with their windows, and the choice of one for a file;
- ``salary``: the base salary (mức lương cơ sở) table and the cash rounding;
- ``catalogue``: per regime, each title's and form's rules: criteria, cap, council threshold, cash, citations;
- ``facts``: what the engine reads about a subject (built by the database layer);
- ``overlay``: the ministry's and blocs' own regulation (quy chế) on top of the law;
- ``engine``: ``judge`` a subject for a title or form, caps, council votes, cash;
- ``verdict``: the verdict with each criterion's result, evidence and citation.

Nothing here touches a database, the web framework or the file system. See docs/law-engine.md.
"""
