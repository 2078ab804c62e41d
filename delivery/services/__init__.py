from .beneficiaries import beneficiary_enrol, beneficiary_file_open, beneficiary_update
from .service_logs import measurement_record, service_log_create, service_log_delete

__all__ = [
    "beneficiary_enrol",
    "beneficiary_file_open",
    "beneficiary_update",
    "measurement_record",
    "service_log_create",
    "service_log_delete",
]
