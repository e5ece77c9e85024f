"""THB Data's format modules (settings.FORMAT_MODULE_PATH), one package per language.

Dates are entered and shown as ISO 8601 dates in every language (``_iso.py``); numbers follow
the language: each module keeps Django's decimal mark and thousands separator for its language
and groups digits by three where Django's module does not say so (Albanian, Bosnian,
Bulgarian). Montenegrin (``cnr``) has no Django format module: it takes the numbers of Serbian
(Latin) and Bosnian. A setting a module does not define comes from Django's module for the
language, then from the settings.
"""
