"""Children's ID numbers and phone numbers never reach a log line, a traceback or an error report.

- ``mask_sensitive(text)``: 18-character national ID numbers (GB 11643 layout: region, a plausible birth date, a
  serial and a check character) become ``[身份证号]``; mainland mobile numbers (with or without +86) and landlines
  written with an area code and a hyphen become ``[电话]``.
- ``install_record_factory()`` (called in ``CoreConfig.ready``) masks every log record when it is made, whatever
  logger, handler or process (web, Celery worker, management command) it goes to, including exception text.
- ``SensitiveDataFilter``: the same for handlers configured in ``LOGGING`` (kept for configurations that replace
  the record factory).
- ``SensitiveExceptionReporterFilter`` (``DEFAULT_EXCEPTION_REPORTER_FILTER``): error reports (debug pages, e-mails
  to admins) hide POST fields that carry names, ID numbers or phone numbers.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
LANDLINE = re.compile(r"(?<![0-9])0\d{2,3}-\d{7,8}(?![0-9])")
_DIGITS = re.compile(r"\d{7}")


def mask_sensitive(text: str) -> str:
    if not text or not _DIGITS.search(text):
        return text
    text = ID_NUMBER.sub("[身份证号]", text)
    text = MOBILE.sub("[电话]", text)
    return LANDLINE.sub("[电话]", text)


_formatter = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is logging's problem to report, not ours
        return record
    masked = mask_sensitive(message)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_sensitive(record.exc_text)
    return record


class SensitiveDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_installed = False


def install_record_factory() -> None:
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        return mask_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True


class SensitiveExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports hide every POST field that may carry a child's or a person's identity."""

    sensitive_post = re.compile(r"id_number|name|phone|mobile|guardian|reason|description|notes", re.IGNORECASE)

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None or not parameters:
            return parameters
        cleansed = parameters.copy()
        for key in cleansed:
            if self.sensitive_post.search(key):
                cleansed[key] = self.cleansed_substitute
        return cleansed
