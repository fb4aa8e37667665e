"""The layouts the API's documents share: ``nd30`` for Word documents (Nghị định 30/2020/NĐ-CP),
``sheets`` for workbooks. Pure: plain values in, bytes out; no database, no HTTP."""
