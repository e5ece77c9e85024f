"""``/healthz``: a minimal answer for load balancers, and the baseline of the load benchmark.

It touches no session, no template and no record; it answers 200 "ok" when the database answers
``SELECT 1``, and 503 otherwise, so a reverse proxy can take a broken server out of rotation.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
