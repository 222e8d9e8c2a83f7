"""REFI-QDA interchange: the corpus out to MAXQDA, NVivo, ATLAS.ti or QualCoder, coded projects back in.

Export: ``codebook`` (studykit's themes as REFI codes), ``qdc`` and ``qdpx_export`` build the two
files, ``export`` writes them; ``guids`` derives stable GUIDs and ``xmlio`` holds the XML/zip
plumbing and the schema check; ``memo_notes`` turns memos into REFI-QDA Notes and back. Import:
``project`` reads any tool's .qdpx/.qdc into ``records`` (``text_sources`` its text sources,
selections and case variables), ``positions`` undoes each tool's
way of counting characters, ``mapping`` turns codes into finding types and themes, ``plan`` checks
everything and says what would be written (``planned`` the plan and its text, ``spans`` codings to
findings, ``variables`` document variables to study fields, ``memo_import`` notes to memo files and
findings' memos, ``newstudy`` a new study's duplicate check and gazetteer place, as ``new-study``'s),
``write`` writes it with the study-intake building blocks, ``importer`` runs the steps.
May import only ``studykit.corpus``, the rest of the coding wing and the foundation.
"""
