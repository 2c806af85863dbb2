"""Pages of activities, training cohorts, brands, the evidence dossier and the month calendar.

Every page needs a login; every record is fetched through its scoped queryset (404 outside the
scope); every change is a call to a service and is allowed only to staff who may edit the record
(centre staff, and department staff for their own department's records). One module per part:
``activities`` (with the calendar and the person panel), ``files``, ``cohorts``, ``brands``,
``evidence`` (with the dossier); the permission and form helpers they share are in ``common``.
"""
