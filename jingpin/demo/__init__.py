"""Sample submissions: the project's fixture builder, also ``jingpin demo``.

Writes city batch folders the way the secretariat receives them: stamped scans of the
申报表, some Word versions and declarations, the city's summary table, and for every
applicant the ground truth in the leaf keys of ``fields.yaml``.
"""

FORM = "hubei_jingpin_2024"  # the form these fixtures print (data/forms/); a run recognises it
