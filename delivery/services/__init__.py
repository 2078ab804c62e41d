from .beneficiaries import beneficiary_enrol, beneficiary_file_open, beneficiary_update, enrolment_consent_open
from .service_logs import measurement_record, service_log_create, service_log_delete

__all__ = [
    "beneficiary_enrol",
    "beneficiary_file_open",
    "beneficiary_update",
    "enrolment_consent_open",
    "measurement_record",
    "service_log_create",
    "service_log_delete",
]
