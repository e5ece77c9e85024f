"""
WSGI config for thb_data project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thb_data.settings")

application = get_wsgi_application()

# Refuse to serve with a personal-code key other than the database's (thb_data/keys.py).
from thb_data.keys import verify_personal_code_key  # noqa: E402

verify_personal_code_key()
